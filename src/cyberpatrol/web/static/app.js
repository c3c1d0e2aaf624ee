// Keyboard shortcuts for the review queue and the item page. No framework, no
// inline script (the Content-Security-Policy allows only this file).
(function () {
  "use strict";
  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
      target.tagName === "SELECT" || target.isContentEditable);
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (typing(ev.target) && ev.target.type !== "radio") return;
    var rows = document.querySelectorAll("table[data-nav=rows] tr[data-href]");
    if (rows.length && (ev.key === "j" || ev.key === "k" || ev.key === "Enter")) {
      var current = document.querySelector("tr.selected");
      var index = Array.prototype.indexOf.call(rows, current);
      if (ev.key === "Enter") {
        if (current) { window.location.assign(current.getAttribute("data-href")); ev.preventDefault(); }
        return;
      }
      index = ev.key === "j" ? Math.min(rows.length - 1, index + 1) : Math.max(0, index - 1);
      if (current) current.classList.remove("selected");
      rows[index].classList.add("selected");
      rows[index].scrollIntoView({ block: "nearest" });
      ev.preventDefault();
      return;
    }
    var target = document.querySelector('[data-key="' + CSS.escape(ev.key) + '"]');
    if (!target) return;
    if (target.type === "radio") { target.checked = true; target.focus(); } else { target.click(); }
    ev.preventDefault();
  });
})();
