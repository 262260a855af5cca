// The header's colour-scheme toggle: a button, pressed while the page is dark.
// A press stores the other scheme for every page (scheme.js reads it first).
const root = document.documentElement;
const button = document.getElementById("SchemeToggle");
const system = matchMedia("(prefers-color-scheme: dark)");

function dark() {
  return root.dataset.scheme === "dark" || (root.dataset.scheme !== "light" && system.matches);
}

function show() {
  button.setAttribute("aria-pressed", String(dark()));
}

if (button) {
  show();
  system.addEventListener("change", show);
  button.addEventListener("click", () => {
    root.dataset.scheme = dark() ? "light" : "dark";
    try {
      localStorage.setItem("strom-scheme", root.dataset.scheme);
    } catch (error) {} // storage off: the choice holds for this page only
    show();
  });
}
