// Small enhancements; every page works without them.
// On a phone the main menu and the facet panel start folded, so the page's own content comes
// first on the screen. A wide screen hides the menu's toggle, so widening opens them again.
const narrow = window.matchMedia("(max-width: 49.99rem)");
function foldOnNarrowScreens(root) {
  if (!narrow.matches) return;
  root.querySelectorAll("details[data-fold-narrow]").forEach((d) => { d.open = false; });
}
document.addEventListener("DOMContentLoaded", () => foldOnNarrowScreens(document));
document.addEventListener("htmx:afterSettle", (event) => foldOnNarrowScreens(event.target));
narrow.addEventListener("change", () => {
  if (narrow.matches) return;
  document.querySelectorAll("details[data-fold-narrow]").forEach((d) => { d.open = true; });
});

// After new search results settle, the heading takes the focus, so a screen reader reads
// the new count. (Here rather than in an hx-on attribute: the Content-Security-Policy allows
// no inline script.)
// htmx announces the settling on the swap's target (#results), around the new heading.
document.addEventListener("htmx:afterSettle", (event) => {
  if (!(event.target instanceof Element)) return;
  const heading = event.target.querySelector(".results-heading");
  if (heading) heading.focus();
});

// Buttons marked data-print print the page (the interlibrary loan slip).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
