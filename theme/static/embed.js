// Two-click embeds (embeds.py): nothing loads from the video's host until the
// reader presses the button; then its player replaces the placeholder.
const HOSTS = /^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//;

for (const figure of document.querySelectorAll("figure[data-strom-embed]")) {
  const placeholder = figure.querySelector(".embed-placeholder");
  const button = figure.querySelector(".embed-load");
  const source = figure.dataset.src || "";
  if (!placeholder || !button || !HOSTS.test(source)) continue;
  placeholder.hidden = false;
  button.addEventListener(
    "click",
    () => {
      const frame = document.createElement("iframe");
      frame.className = "embed-frame";
      frame.src = source;
      frame.title = figure.dataset.title || "";
      frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      placeholder.replaceWith(frame);
      frame.focus();
    },
    { once: true },
  );
}
