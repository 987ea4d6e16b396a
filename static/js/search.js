// Film suggestions for the header search box: the WAI-ARIA combobox pattern with a listbox popup.
// Without JavaScript the box is a plain search form; everything below only adds to it.
(() => {
  "use strict";

  const MIN_LENGTH = 2;
  const DELAY_MS = 150;

  const enhance = (form) => {
    const input = form.querySelector("input[name=q]");
    const url = form.dataset.autocompleteUrl;
    if (!input || !url || !window.fetch) return;

    const listbox = document.createElement("ul");
    listbox.id = `${input.id}-suggestions`;
    listbox.className = "site-search__suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggested films");
    listbox.hidden = true;
    input.after(listbox);

    // Announces the count; shown (not only announced) when nothing matches.
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    listbox.after(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");

    let options = [];
    let active = -1;
    let timer = 0;
    let controller = null;

    const close = () => {
      listbox.hidden = true;
      status.className = "visually-hidden";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };

    const activate = (index) => {
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    };

    const go = (option) => {
      window.location.assign(option.dataset.url);
    };

    const render = (results) => {
      listbox.replaceChildren();
      options = results.map((film, i) => {
        const option = document.createElement("li");
        option.id = `${listbox.id}-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = film.url;
        option.textContent = film.title;
        const year = document.createElement("span");
        year.className = "site-search__year";
        year.textContent = ` (${film.year})`;
        option.append(year);
        if (film.reason) {
          const reason = document.createElement("span");
          reason.className = "site-search__reason";
          reason.textContent = film.reason;
          option.append(reason);
        }
        listbox.append(option);
        return option;
      });
      active = -1;
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = `${options.length} suggested film${options.length === 1 ? "" : "s"}. Use the up and down arrow keys to choose, Enter to open.`;
      } else {
        close();
        status.className = "site-search__none";
        status.textContent = "No suggestions. Press Enter to search all films.";
      }
    };

    const suggest = async () => {
      const query = input.value.trim();
      if (controller) controller.abort();
      if (query.length < MIN_LENGTH) {
        close();
        status.textContent = "";
        listbox.replaceChildren();
        options = [];
        return;
      }
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?${new URLSearchParams({ q: query })}`, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        if (!response.ok) return;
        const data = await response.json();
        if (input.value.trim() === query) render(data.results || []);
      } catch (error) {
        // Aborted by a newer keystroke, or offline: the form still submits as usual.
        if (error.name !== "AbortError") close();
      }
    };

    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      const open = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!open && options.length) {
            listbox.hidden = false;
            input.setAttribute("aria-expanded", "true");
          }
          if (options.length) activate((active + 1) % options.length);
          break;
        case "ArrowUp":
          if (!open || !options.length) return;
          event.preventDefault();
          activate(active <= 0 ? options.length - 1 : active - 1);
          break;
        case "Enter":
          // With no suggestion chosen, Enter submits the search form as usual.
          if (open && active >= 0) {
            event.preventDefault();
            go(options[active]);
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    // Keep focus in the box while choosing with the pointer.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) go(option);
    });
    input.addEventListener("blur", close);
  };

  document.querySelectorAll("form[data-autocomplete-url]").forEach(enhance);
})();
