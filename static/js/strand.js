// Progressive enhancement only: every control here is a working link without JavaScript.
(() => {
  "use strict";

  const announce = (root, message) => {
    const status = root.querySelector("[data-copy-status]");
    if (status) status.textContent = message;
  };

  // Swap a video facade for the real player. Nothing third-party loads before this.
  const play = (facade) => {
    const { embedUrl, videoSrc, captionsSrc, title } = facade.dataset;
    let player;
    if (embedUrl) {
      player = document.createElement("iframe");
      player.src = embedUrl;
      player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      player.allowFullscreen = true;
      player.title = `Video player: ${title}`;
    } else if (videoSrc) {
      player = document.createElement("video");
      player.src = videoSrc;
      player.controls = true;
      player.autoplay = true;
      player.playsInline = true;
      player.setAttribute("aria-label", `Video player: ${title}`);
      if (captionsSrc) {
        const track = document.createElement("track");
        Object.assign(track, { kind: "captions", src: captionsSrc, srclang: "en", label: "English", default: true });
        player.append(track);
      }
    } else {
      return false;
    }
    player.className = "video__frame";
    facade.replaceChildren(player);
    facade.classList.add("is-playing");
    player.focus();
    return true;
  };

  // A link to a closed <details> (the information box's Bio and Statement) opens it; without
  // JavaScript the link still lands on its summary. Covers clicks, typed URLs and history.
  const disclosureFor = (hash) => {
    const id = hash.length > 1 ? decodeURIComponent(hash.slice(1)) : "";
    const target = id && document.getElementById(id);
    return target ? target.closest("details") : null;
  };
  const revealTarget = () => {
    const details = disclosureFor(location.hash);
    if (details && !details.open) {
      details.open = true;
      document.getElementById(decodeURIComponent(location.hash.slice(1))).scrollIntoView();
    }
  };
  window.addEventListener("hashchange", revealTarget);
  revealTarget();

  document.addEventListener("click", (event) => {
    const inPage = event.target.closest('a[href^="#"]');
    const details = inPage && disclosureFor(inPage.getAttribute("href"));
    if (details) details.open = true;
    const control = event.target.closest("[data-video-play]");
    const facade = control && control.closest("[data-video-facade]");
    if (facade && play(facade)) {
      event.preventDefault();
      return;
    }
    const copy = event.target.closest("[data-copy-link]");
    if (copy && navigator.clipboard) {
      event.preventDefault();
      const root = copy.closest(".share") || document;
      navigator.clipboard.writeText(copy.href).then(
        () => announce(root, "Link copied to the clipboard."),
        () => announce(root, `Copy this link: ${copy.href}`),
      );
    }
  });
})();
