// Keeps the room's check-in screen current without reloading: asks the server for
// the code and the arrivals every few seconds (and when the code changes), and
// shows what it says. Every word comes from the server, in the page's language.
(function () {
  "use strict";
  var screen = document.getElementById("code-screen");
  if (!screen || !window.fetch) { return; }
  var url = screen.getAttribute("data-url");
  var panel = document.getElementById("code-panel");
  var digits = document.getElementById("room-code-digits");
  var qr = document.getElementById("room-qr");
  var count = document.getElementById("arrival-count");
  var list = document.getElementById("arrivals");
  var closed = document.getElementById("code-closed");

  function arrivals(items) {
    var rows = items.map(function (a) {
      var li = document.createElement("li");
      li.textContent = a.name + " ";
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = "· " + a.mark + " · " + a.time;
      li.appendChild(meta);
      return li;
    });
    list.replaceChildren.apply(list, rows);
  }

  function show(data) {
    if (data.state !== screen.getAttribute("data-state")) {
      // Opened or closed since the page was made: the page itself says so best.
      window.location.reload();
      return;
    }
    if (data.code && digits.textContent !== data.code) {
      digits.textContent = data.code;
      qr.setAttribute("src", data.qr);
    }
    if (count.textContent !== data.count_text) { count.textContent = data.count_text; }
    if (list.children.length !== data.arrivals.length) { arrivals(data.arrivals); }
    if (closed && data.state === "open") { closed.hidden = true; }
    panel.hidden = data.state !== "open";
    if (data.state !== "closed") { schedule(data.refresh_in); }  // closed stays closed
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(show)
      .catch(function () { schedule(15); });
  }

  function schedule(seconds) {
    window.setTimeout(poll, Math.max(1, Math.min(seconds || 5, 15)) * 1000);
  }

  schedule(5);
})();
