// "Copy with citation" on the quote page: copies the button's data-citation
// (the words as printed, speaker, outlet, date and URL). A static file, since
// the CSP allows no inline script; the buttons stay hidden without JavaScript.
(function () {
  "use strict";

  function fallbackCopy(text) {
    // Older browsers, and pages not served over https, have no async clipboard.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function init() {
    document.querySelectorAll("button.copy-cite").forEach(function (button) {
      button.hidden = false;
      var status = button.nextElementSibling;
      button.addEventListener("click", function () {
        copy(button.dataset.citation).then(
          function () { if (status) { status.textContent = "Copied"; } },
          function () { if (status) { status.textContent = "Copy failed: select the text instead"; } }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
