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

  // Instant, not the admin's smooth scrolling, which the next layout change cuts short.
  const pin = () => {
    if (!(panel && panel.hidden)) field.scrollIntoView({ block: "center", behavior: "instant" });
  };
  const inView = () => {
    const { top, bottom } = error.getBoundingClientRect();
    return top >= 0 && bottom <= window.innerHeight;
  };
  // Layout goes on after load (rich text editors and blocks above the error drawing, the tab's
  // fade-in, the tab bar taking focus) and moves the error: put it back each time, until the
  // editor scrolls, clicks, touches or types.
  const onResize = new ResizeObserver(pin);
  [document.body, field, panel].filter(Boolean).forEach((element) => onResize.observe(element));
  const onScroll = () => inView() || pin();
  // Any scrolling box (capture): the admin's page or a panel of it.
  document.addEventListener("scroll", onScroll, { capture: true, passive: true });
  const events = ["wheel", "keydown", "pointerdown", "touchstart"];
  const stop = () => {
    onResize.disconnect();
    document.removeEventListener("scroll", onScroll, true);
    events.forEach((type) => window.removeEventListener(type, stop, true));
  };
  events.forEach((type) => window.addEventListener(type, stop, { capture: true, passive: true }));

  const shown = () => {
    if (panel && panel.hidden) {
      requestAnimationFrame(shown); // the tab switch ends with the panel shown
      return;
    }
    pin();
    error.dispatchEvent(new CustomEvent("strand:first-error-shown", { bubbles: true }));
  };
  shown();
});
