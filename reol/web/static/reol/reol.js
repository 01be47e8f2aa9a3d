// Small enhancements; every page works without them.
// On a phone the facet panel starts folded so the hits come first on the screen.
function foldFacetsOnNarrowScreens(root) {
  if (!window.matchMedia("(max-width: 49.99rem)").matches) return;
  root.querySelectorAll("details[data-fold-narrow]").forEach((d) => { d.open = false; });
}
document.addEventListener("DOMContentLoaded", () => foldFacetsOnNarrowScreens(document));
document.addEventListener("htmx:afterSettle", (event) => foldFacetsOnNarrowScreens(event.target));

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
