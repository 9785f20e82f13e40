// Conveniences over pages that work without scripts: submit the date picker on change, and
// tie each ledger row to its country on the map (hover either one to light up both).
(function () {
  "use strict";
  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.value) input.form.submit();
    });
  });

  function shapes(code) {
    return document.querySelectorAll('svg.map a.nation[data-nation="' + code + '"]');
  }
  function light(code, on) {
    shapes(code).forEach(function (el) { el.classList.toggle("hot", on); });
    var row = document.getElementById("nation-" + code);
    if (row) row.classList.toggle("hot", on);
  }
  document.querySelectorAll("[data-nation]").forEach(function (el) {
    var code = el.getAttribute("data-nation");
    el.addEventListener("mouseenter", function () { light(code, true); });
    el.addEventListener("mouseleave", function () { light(code, false); });
  });

  function markTarget() {
    document.querySelectorAll("svg.map a.nation.picked").forEach(function (el) {
      el.classList.remove("picked");
    });
    var match = /^#nation-([A-Z]{3})$/.exec(location.hash);
    if (match) shapes(match[1]).forEach(function (el) { el.classList.add("picked"); });
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
})();
