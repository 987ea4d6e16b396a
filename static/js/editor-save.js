// *Save draft* on a page that exists, and *Publish* on a live one, save without reloading the editor.
//
// Wagtail posts the whole form, then sends the editor again and the browser draws every block
// anew: seconds on a long film, for a draft that stays on screen. Its autosave already saves in
// the background through the same view, answering JSON; *Save draft* is sent the same way, marked
// so that the server checks everything Publish would and keeps a revision of its own
// (core/editing.py `EditPageView.saves_in_place`), then the editor gets Wagtail's message and the
// header's new status. *Publish* is sent the same way (`publishes_in_place`) instead of ending on
// the page list, which Wagtail's scripts then draw. Any other answer (errors to show, a newer
// version saved elsewhere, a page not live yet, no network) submits the form as before, so the
// editor sees exactly what Wagtail shows.
(() => {
  const SAVE_IN_PLACE = "strand_save_in_place";

  const controller = (element, identifier) =>
    window.wagtail.app.getControllerForElementAndIdentifier(element, identifier);

  // The revision the editor now holds: the next autosave starts a revision of its own from it
  // instead of overwriting this one, as after Wagtail's reload.
  const holdRevision = (form, answer) => {
    const inputs = { loaded_revision_id: answer.revision_id, loaded_revision_created_at: answer.revision_created_at };
    Object.entries(inputs).forEach(([name, value]) => {
      let input = form.elements.namedItem(name);
      if (!input) {
        input = Object.assign(document.createElement("input"), { type: "hidden", name });
        form.prepend(input);
      }
      input.value = value;
    });
  };

  const saved = (form, autosave, answer) => {
    Object.entries(answer.field_updates || {}).forEach(([name, value]) => {
      const field = form.elements.namedItem(name);
      if (field) field.value = value;
    });
    if (autosave.hasPartialsTarget && answer.html) autosave.partialsTarget.innerHTML = answer.html;
    holdRevision(form, answer);
    autosave.revisionIdValue = 0;
    const unsaved = controller(form, "w-unsaved");
    if (unsaved) {
      unsaved.clear();
      unsaved.confirmationValue = true; // Wagtail's submit handler turned the leave warning off
    }
    document.dispatchEvent(
      new CustomEvent("w-messages:add", { detail: { text: answer.message, type: "success", clear: true } }),
    );
  };

  const saveInPlace = async (form, button, autosave, kind) => {
    autosave.activeValue = false; // one save at a time: no autosave while this one runs
    let answer = null;
    try {
      if (autosave.submitPromise) await autosave.submitPromise;
      const data = new FormData(form, button); // with the pressed button's name, as a submit sends
      data.set(SAVE_IN_PLACE, kind);
      // The editor's own autosaved revision, if any, is what this save replaces.
      if (autosave.revisionIdValue) data.set("overwrite_revision_id", `${autosave.revisionIdValue}`);
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
      });
      answer = await response.json();
    } catch {
      answer = null;
    }
    const progress = controller(button, "w-progress");
    if (answer && answer.success && answer.message) {
      saved(form, autosave, answer);
      autosave.activeValue = true;
      if (progress) progress.deactivate();
      return;
    }
    form.dataset.strandSaveInPlace = "off";
    if (progress) progress.deactivate(); // a disabled button cannot submit
    form.requestSubmit(button);
    if (progress) progress.loadingValue = true;
  };

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const button = event.submitter;
      if (!form.matches("[data-edit-form]") || form.dataset.strandSaveInPlace === "off") return;
      if (!button) return;
      let kind = null;
      if (button.matches("button.action-save:not([name])")) kind = "draft";
      if (button.matches('button[name="action-publish"]')) kind = "publish";
      if (!kind) return; // every other action (submit for review, unpublish...) as Wagtail does it
      const autosave = window.wagtail && window.wagtail.app && controller(form, "w-autosave");
      // The editor of a page that exists, with autosave on (not a new page, not a revision).
      if (!autosave || !/\/edit\/$/.test(new URL(form.action, window.location.href).pathname)) return;
      event.preventDefault();
      saveInPlace(form, button, autosave, kind);
    },
    true,
  );
})();
