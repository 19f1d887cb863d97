// Quiz page helper: saves the answers on the server as they change, and shows the
// time left. The server checks every saved answer and enforces the limit; this only
// helps. Without it the "Save answers" button and the form do the same. Its words
// come from the page (data-left, data-time-up), in the page's language.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  var submitted = false;
  if (form) { form.addEventListener("submit", function () { submitted = true; }); }

  // -- saving while the participant works ------------------------------------------
  var saveUrl = form && form.getAttribute("data-save-url");
  var status = document.getElementById("save-status");
  var DELAY = 1500;  // ms after the last change: one request per pause, not per key
  var dirty = false, busy = false, closed = false, pending = null;

  function show(text) { if (status && text) { status.textContent = text; } }

  function schedule() {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(save, DELAY);
  }

  function save() {
    pending = null;
    if (submitted || closed || !dirty) { return; }
    if (busy) { schedule(); return; }
    dirty = false;
    busy = true;
    window.fetch(saveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      closed = data.closed === true;  // submitted elsewhere, or the time is up
      show(data.message);
    }, function () {
      dirty = true;  // try again with the next change or when back online
      show(status && status.getAttribute("data-failed"));
    }).then(function () { busy = false; });
  }

  if (saveUrl && window.fetch && window.FormData) {
    form.addEventListener("input", function () { dirty = true; schedule(); });
    form.addEventListener("change", function () { dirty = true; schedule(); });
    window.addEventListener("online", function () { if (dirty) { save(); } });
    // A closing tab gets one last try; the server refuses it once time is up.
    window.addEventListener("pagehide", function () {
      if (dirty && !submitted && !closed && navigator.sendBeacon) {
        navigator.sendBeacon(saveUrl, new FormData(form));
      }
    });
  }

  // -- the time left ---------------------------------------------------------------
  var timer = document.getElementById("timer");
  var left = document.getElementById("timer-left");
  if (!timer || !left) { return; }
  var deadline = Date.parse(timer.getAttribute("data-deadline"));
  function submitNow() {
    // Time is up: no confirmation step, the answers on the page are submitted.
    var confirm = document.createElement("input");
    confirm.type = "hidden";
    confirm.name = "confirmed";
    confirm.value = "yes";
    form.appendChild(confirm);
    submitted = true;
    form.submit();
  }
  function tick() {
    var ms = deadline - Date.now();
    if (ms <= 0) {
      left.textContent = timer.getAttribute("data-time-up");
      if (form && !submitted) { submitNow(); }
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
