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

// Suggestions while typing (titles, creators, subjects): the search box asks its
// data-suggest address as one types; arrow keys move, Enter or a click picks and searches.
// Without JavaScript it is a plain search box.
(() => {
  const input = document.querySelector("input[data-suggest]");
  if (!input) return;
  const list = document.getElementById(input.getAttribute("aria-controls"));
  if (!list) return;
  let timer = null;
  let active = -1;
  let controller = null;
  const options = () => Array.from(list.querySelectorAll("li"));
  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function choose(option) {
    input.value = option.dataset.value;
    close();
    if (input.form.requestSubmit) input.form.requestSubmit(); else input.form.submit();
  }
  function mark(n) {
    const all = options();
    if (!all.length) return;
    active = (n + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", all[active].id);
  }
  function show(suggestions) {
    list.replaceChildren();
    suggestions.forEach((s, i) => {
      const option = document.createElement("li");
      option.id = "q-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.value = s.label;
      option.textContent = s.label;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = s.kind_label || "";
      option.append(kind);
      option.addEventListener("mousedown", (event) => { event.preventDefault(); choose(option); });
      list.append(option);
    });
    list.hidden = !suggestions.length;
    active = -1;
  }
  async function ask(text) {
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const address = input.dataset.suggest + "?q=" + encodeURIComponent(text);
      const response = await fetch(address, { signal: controller.signal,
                                              headers: { Accept: "application/json" } });
      if (!response.ok) return;  // 429 and the like: no suggestions, typing goes on
      const answer = await response.json();
      if (input.value.trim() === text) show(answer.suggestions || []);
    } catch (error) {
      // aborted by newer typing, or offline: the box stays a plain search box
    }
  }
  input.addEventListener("input", () => {
    const text = input.value.trim();
    clearTimeout(timer);
    if (text.length < 2) { close(); return; }
    timer = setTimeout(() => ask(text), 150);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); mark(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); mark(active - 1); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(options()[active]); }
    else if (event.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
})();
