// Authoring helpers: toolbar, link pickers, live preview and question checks.
// Everything still works without this script; it only saves typing and clicks.
(function () {
  "use strict";
  function token(form) {
    var input = form && form.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }
  function post(url, form, callback) {
    var body = new FormData(form);
    var request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("X-CSRFToken", token(form));
    request.onload = function () {
      if (request.status === 200) { callback(JSON.parse(request.responseText)); }
    };
    request.send(body);
  }
  function debounce(fn, ms) {
    var timer = null;
    return function () { window.clearTimeout(timer); timer = window.setTimeout(fn, ms); };
  }
  function insert(area, before, after, atLineStart) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    if (atLineStart) { start = end = text.lastIndexOf("\n", start - 1) + 1; }
    var chosen = text.slice(start, end);
    area.value = text.slice(0, start) + before + chosen + (after || "") + text.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + before.length + chosen.length;
    area.dispatchEvent(new Event("input"));
  }

  var toolbar = document.querySelector(".editor-toolbar");
  if (toolbar) {
    var area = document.getElementById(toolbar.getAttribute("data-target"));
    toolbar.addEventListener("click", function (event) {
      var tool = event.target.closest("button.tool");
      if (!tool) { return; }
      var wrap = tool.getAttribute("data-wrap");
      if (wrap) { insert(area, wrap, wrap); return; }
      insert(area, tool.getAttribute("data-insert"), "", tool.getAttribute("data-line"));
      var tail = tool.getAttribute("data-append");
      if (tail) { area.value += tail; }
    });
    toolbar.addEventListener("change", function (event) {
      var picker = event.target;
      if (!picker.getAttribute("data-link") || !picker.value) { return; }
      var label = picker.options[picker.selectedIndex].text.split(" › ").pop();
      insert(area, "[" + label + "](" + picker.value + ")", "");
      picker.value = "";
    });
  }

  var preview = document.getElementById("preview");
  if (preview) {
    var source = document.getElementById(preview.getAttribute("data-source"));
    var form = source.form;
    var refresh = debounce(function () {
      post(preview.getAttribute("data-url"), form, function (data) {
        preview.innerHTML = data.html; // sanitised on the server by the same pipeline
      });
    }, 400);
    source.addEventListener("input", refresh);
    refresh();
  }

  // Upload an image without leaving the page: the lesson text typed so far stays,
  // and the image's Markdown goes in at the cursor (or after the selection).
  var upload = document.getElementById("image-upload");
  if (upload) {
    var target = document.getElementById(upload.getAttribute("data-target"));
    var status = document.getElementById("upload-status");
    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", upload.action);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", token(upload));
      request.onload = function () {
        var data = {};
        try { data = JSON.parse(request.responseText); } catch (ignore) { data = {}; }
        if (request.status === 200 && data.markdown) {
          target.selectionStart = target.selectionEnd;
          insert(target, data.markdown, "");
          upload.reset();
          status.textContent = status.getAttribute("data-inserted");
          status.className = "upload-status ok";
        } else {
          status.textContent = status.getAttribute("data-failed") +
            (data.error ? " " + data.error : "");
          status.className = "upload-status flag";
        }
      };
      request.onerror = function () {
        status.textContent = status.getAttribute("data-failed");
        status.className = "upload-status flag";
      };
      request.send(new FormData(upload));
    });
  }

  var questionForm = document.getElementById("question-form");
  if (questionForm) {
    var kind = questionForm.querySelector("select[name=kind]");
    var result = document.getElementById("check-result");
    var showKind = function () {
      questionForm.querySelectorAll("[data-kinds]").forEach(function (block) {
        block.hidden = block.getAttribute("data-kinds").split(" ").indexOf(kind.value) < 0;
      });
    };
    var check = debounce(function () {
      post(questionForm.getAttribute("data-check"), questionForm, function (data) {
        // The words come from the page, in its language.
        result.textContent = data.problems.length
          ? questionForm.getAttribute("data-to-fix").replace("{problems}", data.problems.join("; "))
          : questionForm.getAttribute("data-can-save");
        result.className = "check-result " + (data.problems.length ? "flag" : "ok");
      });
    }, 500);
    kind.addEventListener("change", showKind);
    questionForm.addEventListener("input", check);
    showKind();
  }
})();
