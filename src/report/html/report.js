// Filtering and search over the findings already in the page; the page reads no data but its
// own (escaped) markup.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("#finding-list .finding"));
  var text = document.getElementById("filter-text");
  var controls = {
    severity: document.getElementById("filter-severity"),
    status: document.getElementById("filter-status"),
    article: document.getElementById("filter-article")
  };
  var shown = document.getElementById("shown-count");

  function matches(el, needle) {
    for (var key in controls) {
      var want = controls[key].value;
      if (want && el.getAttribute("data-" + key) !== want) return false;
    }
    return !needle || el.textContent.toLowerCase().indexOf(needle) !== -1;
  }

  function apply() {
    var needle = text.value.trim().toLowerCase();
    var n = 0;
    items.forEach(function (el) {
      var ok = matches(el, needle);
      el.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = n + " / " + items.length;
  }

  [text, controls.severity, controls.status, controls.article].forEach(function (c) {
    c.addEventListener("input", apply);
    c.addEventListener("change", apply);
  });

  // Totals counted from the list itself, beside the ones the page states.
  function count(attr, value) {
    return items.filter(function (el) { return el.getAttribute(attr) === value; }).length;
  }
  var computed = document.getElementById("computed-totals");
  var counts = {
    findings: items.length,
    error: count("data-severity", "error"),
    warning: count("data-severity", "warning"),
    overdue: count("data-status", "overdue"),
    due_soon: count("data-status", "due_soon"),
    late: count("data-status", "late"),
    violation: count("data-status", "violation")
  };
  var consistent = true;
  Object.keys(counts).forEach(function (key) {
    computed.setAttribute("data-" + key, String(counts[key]));
    var stated = document.querySelector('[data-total="' + key + '"]');
    if (!stated || stated.getAttribute("data-value") !== String(counts[key])) consistent = false;
  });
  computed.setAttribute("data-consistent", consistent ? "yes" : "no");
  // `report.html#q=XS-0193` opens the page already searched, so a link can point at a finding.
  if (location.hash.indexOf("#q=") === 0) {
    try {
      text.value = decodeURIComponent(location.hash.slice(3));
    } catch (e) {
      text.value = location.hash.slice(3);
    }
  }
  apply();
  document.body.setAttribute("data-ready", "yes");
})();
