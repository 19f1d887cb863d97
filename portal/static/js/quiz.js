// Quiz page helper: shows the time left. The server enforces the limit; this only informs.
// Its words come from the page (data-left, data-time-up), in the page's language.
(function () {
  "use strict";
  var timer = document.getElementById("timer");
  var left = document.getElementById("timer-left");
  var form = document.getElementById("quiz-form");
  if (!timer || !left) { return; }
  var deadline = Date.parse(timer.getAttribute("data-deadline"));
  var submitted = false;
  if (form) { form.addEventListener("submit", function () { submitted = true; }); }
  function tick() {
    var ms = deadline - Date.now();
    if (ms <= 0) {
      left.textContent = timer.getAttribute("data-time-up");
      if (form && !submitted) { submitted = true; form.submit(); }
      return;
    }
    var total = Math.floor(ms / 1000);
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    left.textContent = timer.getAttribute("data-left")
      .replace("{minutes}", minutes)
      .replace("{seconds}", (seconds < 10 ? "0" : "") + seconds);
    if (minutes < 2) {
      timer.classList.add("timer-urgent");
      timer.setAttribute("aria-live", "polite");
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
