// A copy button on each code block, loaded only by pages with code. Its texts
// are the data-* attributes of its own <script> element, from the catalogs;
// a status line tells screen readers what happened.
const text = document.querySelector("script[data-copy]").dataset;
const status = document.createElement("p");
status.className = "visually-hidden";
status.setAttribute("role", "status");
document.body.append(status);

function announce(message) {
  status.textContent = "";
  // A new text node, a moment later: the same message is announced again.
  setTimeout(() => {
    status.textContent = message;
  }, 100);
}

for (const pre of document.querySelectorAll("main pre")) {
  let box = pre.parentElement;
  if (!box.classList.contains("highlight")) {
    box = document.createElement("div");
    box.className = "code-block";
    pre.before(box);
    box.append(pre);
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = text.copy;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(pre.textContent.replace(/\n$/, ""));
      button.textContent = text.copied;
      announce(text.done);
      setTimeout(() => {
        button.textContent = text.copy;
      }, 2000);
    } catch (error) {
      announce(text.failed);
    }
  });
  box.prepend(button);
}
