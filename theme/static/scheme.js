// Before the first paint: the colour scheme the reader chose with the header's
// toggle (toggle.js), as <html data-scheme="dark|light">; "auto" follows the
// system. Its presence also shows the toggle (reading.css): no script, no toggle.
var scheme = "auto";
try {
  scheme = localStorage.getItem("strom-scheme") || scheme;
} catch (error) {} // storage off: the system's scheme
document.documentElement.dataset.scheme = /^(dark|light)$/.test(scheme) ? scheme : "auto";
