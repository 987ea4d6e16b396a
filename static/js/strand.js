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

  document.addEventListener("click", (event) => {
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
