// The dashboard's own script: the light/dark toggle. Everything else is htmx attributes in the
// server's HTML. The chosen theme goes into a cookie so the server renders it on the next page.
(function () {
  "use strict";
  const cookie = "obs-theme";
  function current() {
    if (document.body.classList.contains("dark")) return "dark";
    if (document.body.classList.contains("light")) return "light";
    return null;
  }
  function apply(theme) {
    document.body.classList.remove("dark", "light");
    document.body.classList.add(theme);
  }
  document.addEventListener("DOMContentLoaded", function () {
    // No saved choice: follow the browser's preference.
    if (!current()) apply(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
    const toggle = document.getElementById("theme-toggle");
    if (toggle) toggle.addEventListener("click", function () {
      const next = current() === "dark" ? "light" : "dark";
      apply(next);
      document.cookie = cookie + "=" + next + "; path=/; max-age=31536000; samesite=strict";
    });
  });
})();
