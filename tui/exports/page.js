// Theme filters and the language switch of the exported page.
// State lives in the URL hash (#theme=tourism,health&lang=en), so a link reopens the same
// view and tests can drive the page without clicking. Content is never parsed as HTML:
// every string the script writes goes through textContent.
(function () {
  "use strict";
  var root = document.documentElement;
  var strings = JSON.parse(document.getElementById("ui-strings").textContent);
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[name=theme]"));
  var departments = Array.prototype.slice.call(document.querySelectorAll("article.department"));
  var known = boxes.map(function (box) { return box.value; });

  function themesOf(element) {
    return (element.getAttribute("data-themes") || "").split(" ").filter(Boolean);
  }

  function format(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in fields ? String(fields[name]) : all;
    });
  }

  function selected() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) {
      return box.value;
    });
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var state = { themes: null, lang: null };
    if (params.has("theme")) {
      state.themes = params.get("theme").split(",").filter(function (id) {
        return known.indexOf(id) >= 0;
      });
    }
    var lang = params.get("lang");
    if (lang && strings[lang]) state.lang = lang;
    return state;
  }

  function writeHash() {
    var parts = [];
    var active = selected();
    if (active.length) parts.push("theme=" + active.join(","));
    if (root.getAttribute("data-lang") !== root.getAttribute("data-default-lang")) {
      parts.push("lang=" + root.getAttribute("data-lang"));
    }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash && history.replaceState) {
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
  }

  function setLang(lang) {
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", lang);
    root.setAttribute("dir", strings[lang].dir);
    document.title = strings[lang].title;
  }

  function apply() {
    var active = selected();
    var solutionsShown = 0, solutionsTotal = 0, departmentsShown = 0;
    departments.forEach(function (department) {
      var shown = 0, items = department.querySelectorAll("li.solution");
      Array.prototype.forEach.call(items, function (item) {
        var match = !active.length || themesOf(item).some(function (id) {
          return active.indexOf(id) >= 0;
        });
        item.hidden = !match;
        if (match) shown += 1;
        Array.prototype.forEach.call(item.querySelectorAll(".tags li"), function (tag) {
          tag.classList.toggle("on", active.indexOf(tag.getAttribute("data-theme")) >= 0);
        });
      });
      department.hidden = shown === 0;
      department.setAttribute("data-shown", String(shown));
      var counter = department.querySelector(".shown");
      counter.hidden = !active.length;
      ["ar", "en"].forEach(function (lang) {
        var span = counter.querySelector(".l-" + lang);
        if (span && strings[lang]) {
          span.textContent = "(" + format(strings[lang].count, { shown: shown, total: items.length }) + ")";
        }
      });
      var entry = document.querySelector('.toc li[data-id="' + department.getAttribute("data-id") + '"]');
      if (entry) entry.hidden = shown === 0;
      solutionsShown += shown;
      solutionsTotal += items.length;
      if (shown) departmentsShown += 1;
    });
    ["ar", "en"].forEach(function (lang) {
      var s = strings[lang];
      if (!s) return;
      var status = document.querySelector("#status .l-" + lang);
      var text = departmentsShown === 0 ? s.empty : s.departments + ": " +
        format(s.count, { shown: departmentsShown, total: departments.length }) + " · " +
        s.solutions + ": " + format(s.count, { shown: solutionsShown, total: solutionsTotal });
      if (status) status.textContent = text;
      var labels = boxes.filter(function (box) { return box.checked; }).map(function (box) {
        var label = box.parentNode.querySelector(".l-" + lang);
        return label ? label.textContent : box.value;
      });
      var printed = document.querySelector("#print-filter .l-" + lang);
      if (printed) printed.textContent = active.length ? format(s.filter, { themes: labels.join(s.sep) }) : "";
    });
    document.getElementById("print-filter").hidden = !active.length;
    document.getElementById("no-match").hidden = departmentsShown !== 0;
    root.setAttribute("data-filter", active.join(","));
    root.setAttribute("data-departments-shown", String(departmentsShown));
  }

  function restore() {
    var state = readHash();
    if (state.themes !== null) {
      boxes.forEach(function (box) { box.checked = state.themes.indexOf(box.value) >= 0; });
    }
    setLang(state.lang || root.getAttribute("data-default-lang"));
    apply();
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () { apply(); writeHash(); });
  });
  document.getElementById("clear-filter").addEventListener("click", function () {
    boxes.forEach(function (box) { box.checked = false; });
    apply();
    writeHash();
  });
  document.getElementById("lang-switch").addEventListener("click", function () {
    var langs = Object.keys(strings);
    var next = langs[(langs.indexOf(root.getAttribute("data-lang")) + 1) % langs.length];
    setLang(next);
    writeHash();
  });
  window.addEventListener("hashchange", function () {
    if (/(^#|&)(theme|lang)=/.test(location.hash)) restore();
  });
  document.getElementById("filters").hidden = false;
  document.getElementById("lang-switch").hidden = Object.keys(strings).length < 2;
  restore();
})();
