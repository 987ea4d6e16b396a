// The page editor, after a save that was refused: every tab holding an error shows its count, and
// the first error is opened and scrolled into view.
//
// Wagtail counts each tab's errors (its w-count controllers) when the tab bar connects, before
// the StreamField draws its blocks in the browser, so an error inside a body block left the
// Content tab without a count. Once the page has loaded, every block is drawn: count again.
window.addEventListener("load", () => {
  const app = window.wagtail && window.wagtail.app;
  if (!app) return;
  app.controllers.filter((controller) => controller.identifier === "w-count").forEach((counter) => counter.count());

  const error = document.querySelector("[data-edit-form] .error-message:not([hidden])");
  if (!error) return;
  const field = error.closest("[data-field-wrapper], [data-contentpath]") || error;
  const panel = error.closest('[role="tabpanel"]');
  if (panel && panel.hidden) {
    const tab = document.querySelector(`[role="tab"][aria-controls="${panel.id}"]`);
    if (tab) tab.click();
  }
  // Rich text editors above the error finish drawing after load and push it down: keep it
  // centred whenever the form changes size (the tab being shown included), until the editor
  // scrolls, clicks or types.
  const form = error.closest("[data-edit-form]");
  const keep = new ResizeObserver(() => {
    if (!(panel && panel.hidden)) field.scrollIntoView({ block: "center" });
  });
  keep.observe(form);
  if (panel) keep.observe(panel);
  const stop = () => keep.disconnect();
  ["wheel", "keydown", "pointerdown", "touchstart"].forEach((type) =>
    window.addEventListener(type, stop, { once: true, capture: true, passive: true }),
  );
});
