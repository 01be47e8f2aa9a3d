// With htmx, scans go in order, one at a time, and the input is emptied at once: a scanner
// may type the next code while the last is still being answered. Without JavaScript the form
// posts and the page comes back with the input focused.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("desk-scan");
  if (!form || !window.htmx) return;
  const input = form.elements.code;
  let line = Promise.resolve();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    input.value = "";
    input.focus();
    if (!values.code.trim()) return;
    line = line.catch(() => {}).then(() => htmx.ajax("POST", form.action, {
      target: "#desk-work", swap: "innerHTML", values,
    }));
  });
  // After the mode buttons or "End patron" are swapped away, the focus returns to the input.
  document.body.addEventListener("htmx:afterSettle", () => {
    if (!document.activeElement || document.activeElement === document.body) input.focus();
  });
  // A refusal of the whole page (log-in expired, no longer staff here) needs the full page.
  document.body.addEventListener("htmx:responseError", () => window.location.reload());
  // Until here a scan posts the whole form (and works): tests wait for this mark.
  form.dataset.ready = "true";
});
