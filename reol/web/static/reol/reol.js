// Small enhancements; every page works without them.
// On a phone the facet panel starts folded so the hits come first on the screen.
function foldFacetsOnNarrowScreens(root) {
  if (!window.matchMedia("(max-width: 49.99rem)").matches) return;
  root.querySelectorAll("details[data-fold-narrow]").forEach((d) => { d.open = false; });
}
document.addEventListener("DOMContentLoaded", () => foldFacetsOnNarrowScreens(document));
document.addEventListener("htmx:afterSettle", (event) => foldFacetsOnNarrowScreens(event.target));
