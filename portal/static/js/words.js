// Shows the motivation statement's word count as the applicant types; the server checks.
// The words come from the page (data-words), in the page's language.
(function () {
  "use strict";
  var out = document.getElementById("word-count");
  if (!out) { return; }
  var field = document.getElementById(out.getAttribute("data-for"));
  var min = parseInt(out.getAttribute("data-min"), 10);
  var max = parseInt(out.getAttribute("data-max"), 10);
  function update() {
    var words = field.value.trim() ? field.value.trim().split(/\s+/).length : 0;
    out.textContent = out.getAttribute("data-words").replace("{words}", words)
      .replace("{min}", min).replace("{max}", max);
    out.classList.toggle("error-message", words > max);
  }
  field.addEventListener("input", update);
  update();
})();
