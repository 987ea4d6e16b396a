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
  const show = () => {
    if (panel && panel.hidden) {
      requestAnimationFrame(show); // the tab switch ends with the panel shown
      return;
    }
    field.scrollIntoView({ block: "center" });
  };
  if (panel && panel.hidden) {
    const tab = document.querySelector(`[role="tab"][aria-controls="${panel.id}"]`);
    if (tab) tab.click();
  }
  show();
});
