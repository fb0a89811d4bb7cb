// The report's script. It reads the findings from the page's JSON blob, lets the filters
// choose a set of them, and draws everything from that set: cards, charts, tables and a list
// that shows one page of findings at a time. Export text enters the DOM only via textContent
// and attribute setters, never as markup. The state lives in the address (#unit=…&status=…),
// so every number is a link and every view can be bookmarked.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var L = D.labels, KINDS = D.kinds;

  // ---- the data's number code (src/report/html/packed.rs) ----------------------------------

  var MORE = "0123456789abcdefghijklmnopqrstuv", LAST = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 32; d++) { DIGIT[MORE.charCodeAt(d)] = d; DIGIT[LAST.charCodeAt(d)] = 32 + d; }
  function numbers(code) {
    var count = 0, i;
    for (i = 0; i < code.length; i++) if (DIGIT[code.charCodeAt(i)] >= 32) count++;
    var out = new Int32Array(count), n = 0, k = 0;
    for (i = 0; i < code.length; i++) {
      var digit = DIGIT[code.charCodeAt(i)];
      if (digit < 32) n = n * 32 + digit;
      else { out[k++] = n * 32 + digit - 32; n = 0; }
    }
    return out;
  }
  function unzigzag(n) { return n % 2 ? -(n + 1) / 2 : n / 2; }
  // Rows of D.width numbers each, differences added back, as one array per finding.
  function rows(code) {
    if (code === null) return null;
    var all = numbers(code), width = D.width, delta = D.delta, list = [];
    var previous = new Int32Array(width);
    for (var start = 0; start + width <= all.length; start += width) {
      var row = all.subarray(start, start + width);
      row[DAYS] = unzigzag(row[DAYS]);
      for (var k = 0; k < delta.length; k++) {
        var c = delta[k];
        row[c] = previous[c] + unzigzag(row[c]);
        previous[c] = row[c];
      }
      list.push(row);
    }
    return list;
  }
  // Texts: for each, its fragment count and fragments; joined when first asked for.
  var TEXT_CODE = numbers(D.t), TEXT_START = [], TEXTS = [];
  for (var at = 0; at < TEXT_CODE.length; at += TEXT_CODE[at] + 1) TEXT_START.push(at);
  function T(i) {
    var text = TEXTS[i];
    if (text === undefined) {
      var at = TEXT_START[i], parts = [];
      if (at === undefined) return "";
      for (var k = 1; k <= TEXT_CODE[at]; k++) parts.push(D.s[TEXT_CODE[at + k]]);
      text = TEXTS[i] = parts.join("");
    }
    return text;
  }

  // A finding row's fields, in the order src/report/html/data.rs writes them.
  var KIND = 0, DAYS = 1, STATUS = 2, ROUND = 3, CASE = 4, UNIT = 5, BRANCH = 6, RESP = 7,
    RECORD = 8, ITEM = 9, FIELD = 10, MSG = 11, DEADLINE = 12, DUTY = 13, LIGHT = 14,
    PROV = 15, DUE = 16, FILE = 17, LINE = 18, COL = 19, CELL = 20;
  var ALL = rows(D.f), WAIVED = rows(D.w);
  var STATUS_KEYS = ["late", "overdue", "due_soon", "violation", "open"];
  var LIGHT_KEYS = ["none", "red", "yellow", "green"];
  var SEVERITY_KEYS = ["error", "warning", "info"];
  var FILTER_KEYS = ["q", "article", "status", "light", "severity", "responsible", "branch",
    "unit", "round", "problem"];
  var STRING_FILTERS = { responsible: RESP, branch: BRANCH, unit: UNIT, round: ROUND };
  // A filter value meaning "names none" (a finding without a unit, say), which no export
  // value can be mistaken for.
  var NONE = "~none";
  // A `problem` filter value: findings that belong to no repeated data problem.
  var NOT_REPEATED = "-";
  var PAGE = 50, TOP = 10, TABLE_CAP = 500;

  var state = emptyState();
  var page = 0;
  var expanded = {};
  var sorting = {};

  function emptyState() {
    var s = {};
    FILTER_KEYS.forEach(function (k) { s[k] = ""; });
    return s;
  }

  // ---- decoding ----------------------------------------------------------------------------

  function articleKey(row) {
    var a = KINDS[row[KIND]][1];
    return a === null ? "data" : String(a);
  }
  function articleLabel(key) {
    return key === "data" ? L.data : L.articleN.replace("{n}", key);
  }
  function severityKey(row) { return SEVERITY_KEYS[KINDS[row[KIND]][2]]; }
  function ruleId(row) { return KINDS[row[KIND]][0]; }
  function place(row) {
    var p = T(row[FILE]) + ":" + row[LINE] + ":" + row[COL];
    return row[CELL] ? p + " (" + T(row[CELL]) + ")" : p;
  }
  function stringValue(index) { return index === 0 ? NONE : T(index); }
  function stringLabel(index) { return index === 0 ? L.none : T(index); }

  // Each finding's repeated data problem (an index into D.repeated), or -1.
  var problemOf = (function () {
    var byKey = {};
    D.repeated.forEach(function (p, i) { byKey[p[0] + "\u0000" + p[1]] = i; });
    return ALL.map(function (row) {
      if (KINDS[row[KIND]][1] !== null) return -1;
      var i = byKey[ruleId(row) + "\u0000" + row[MSG]];
      return i === undefined ? -1 : i;
    });
  })();

  // Each repeated problem's first finding, for a link to where it is.
  var firstOfProblem = D.repeated.map(function () { return -1; });
  problemOf.forEach(function (p, i) { if (p !== -1 && firstOfProblem[p] === -1) firstOfProblem[p] = i; });

  // Text search looks at each distinct text once, then at each row's text numbers: a
  // finding matches when any of its texts, its rule or its article does.
  var LOWER = null;
  var TEXT_FIELDS = [CASE, UNIT, RECORD, MSG, ROUND, BRANCH, RESP, ITEM, FIELD, DEADLINE, DUE];
  function textMatcher(needle) {
    if (!LOWER) {
      LOWER = new Array(TEXT_START.length);
      for (var i = 0; i < LOWER.length; i++) LOWER[i] = T(i).toLowerCase();
    }
    var texts = new Uint8Array(LOWER.length);
    for (var j = 1; j < LOWER.length; j++) if (LOWER[j].indexOf(needle) !== -1) texts[j] = 1;
    var kinds = KINDS.map(function (k) {
      var label = articleLabel(k[1] === null ? "data" : String(k[1]));
      return (k[0] + "\n" + label).toLowerCase().indexOf(needle) !== -1;
    });
    var inPlace = needle.indexOf(":") !== -1;
    return function (row) {
      if (kinds[row[KIND]]) return true;
      for (var f = 0; f < TEXT_FIELDS.length; f++) if (texts[row[TEXT_FIELDS[f]]]) return true;
      return inPlace && place(row).toLowerCase().indexOf(needle) !== -1;
    };
  }

  // The index of `text` in column `field` of `rows`, or -1 when no row has it there.
  function textId(rows, field, text) {
    for (var i = 0; i < rows.length; i++) if (T(rows[i][field]) === text) return rows[i][field];
    return -1;
  }

  // A test for one row, or null when the state filters nothing.
  function predicate(st, rows, isMain) {
    var tests = [];
    Object.keys(STRING_FILTERS).forEach(function (key) {
      if (!st[key]) return;
      var field = STRING_FILTERS[key];
      var want = st[key] === NONE ? 0 : textId(rows, field, st[key]);
      tests.push(function (row) { return row[field] === want; });
    });
    if (st.article) tests.push(function (row) { return articleKey(row) === st.article; });
    if (st.status) tests.push(function (row) { return STATUS_KEYS[row[STATUS]] === st.status; });
    if (st.light) tests.push(function (row) { return LIGHT_KEYS[row[LIGHT]] === st.light; });
    if (st.severity) tests.push(function (row) { return severityKey(row) === st.severity; });
    if (st.problem) {
      var want = st.problem === NOT_REPEATED ? -1 : Number(st.problem);
      tests.push(function (row, i) { return isMain ? problemOf[i] === want : want === -1; });
    }
    if (st.q.trim()) tests.push(textMatcher(st.q.trim().toLowerCase()));
    if (!tests.length) return null;
    return function (row, i) {
      for (var t = 0; t < tests.length; t++) if (!tests[t](row, i)) return false;
      return true;
    };
  }

  // The indices of the rows the state lets through.
  function select(rows, isMain) {
    var test = predicate(state, rows, isMain);
    var out = [];
    for (var i = 0; i < rows.length; i++) if (!test || test(rows[i], i)) out.push(i);
    return out;
  }

  // ---- links -------------------------------------------------------------------------------

  function hashOf(st) {
    var parts = [];
    FILTER_KEYS.forEach(function (k) {
      if (st[k]) parts.push(k + "=" + encodeURIComponent(st[k]));
    });
    return "#" + parts.join("&");
  }
  // A link to the current filters narrowed by `extra` (values replace the current ones).
  function narrowed(extra) {
    var st = {};
    FILTER_KEYS.forEach(function (k) { st[k] = state[k]; });
    Object.keys(extra).forEach(function (k) { st[k] = extra[k]; });
    return hashOf(st);
  }
  function parseHash(hash) {
    var st = emptyState(), target = null, measure = false, pageWanted = 0;
    hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf("=");
      var key = eq < 0 ? part : part.slice(0, eq);
      var value = eq < 0 ? "" : part.slice(eq + 1);
      try { value = decodeURIComponent(value); } catch (e) { /* kept as written */ }
      if (/^f-\d+$/.test(key)) target = Number(key.slice(2));
      else if (key === "measure") measure = true;
      else if (key === "page") pageWanted = Math.max(0, Number(value) - 1 || 0);
      else if (FILTER_KEYS.indexOf(key) !== -1) st[key] = value;
    });
    return { state: st, target: target, measure: measure, page: pageWanted };
  }

  // ---- DOM helpers -------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    });
    return node;
  }
  function link(text, href, cls) {
    return el("a", { href: href, "class": cls || null }, [text]);
  }
  function fill(id, children) {
    var node = document.getElementById(id);
    if (!node) return null;
    node.textContent = "";
    children.forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  // One formatter and one collator: building them per call was most of a render's time.
  var NUMBER = new Intl.NumberFormat(document.documentElement.lang);
  var COLLATOR = new Intl.Collator(document.documentElement.lang);
  function num(n) { return NUMBER.format(n); }

  // ---- counting ----------------------------------------------------------------------------

  var GROUP_KEYS = Object.keys(STRING_FILTERS);
  var KIND_ARTICLE = KINDS.map(function (k) { return k[1] === null ? "data" : String(k[1]); });
  function zeroCells() { return { total: 0, light: [0, 0, 0, 0], status: [0, 0, 0, 0, 0] }; }
  function add(cells, row) {
    cells.total += 1;
    cells.light[row[LIGHT]] += 1;
    cells.status[row[STATUS]] += 1;
  }

  // Everything the overview shows, from the selected findings in one pass. Findings of a
  // repeated data problem count in the cards and in their own table, not in the charts and
  // group tables, where one missing round record would otherwise outweigh every article.
  function tally(selected) {
    var t = {
      all: zeroCells(), severity: [0, 0, 0], charted: zeroCells(), articles: {},
      groups: { responsible: {}, branch: {}, unit: {}, round: {} }, repeated: {},
      repeatedFindings: 0, overdue: [], dueSoon: []
    };
    selected.forEach(function (i) {
      var row = ALL[i];
      add(t.all, row);
      t.severity[KINDS[row[KIND]][2]] += 1;
      if (row[STATUS] === 1) t.overdue.push(i);
      if (row[STATUS] === 2) t.dueSoon.push(i);
      if (problemOf[i] !== -1) {
        t.repeated[problemOf[i]] = (t.repeated[problemOf[i]] || 0) + 1;
        t.repeatedFindings += 1;
        return;
      }
      add(t.charted, row);
      var a = KIND_ARTICLE[row[KIND]];
      (t.articles[a] = t.articles[a] || zeroCells()).total += 1;
      for (var g = 0; g < GROUP_KEYS.length; g++) {
        var groups = t.groups[GROUP_KEYS[g]], index = row[STRING_FILTERS[GROUP_KEYS[g]]];
        add(groups[index] || (groups[index] = zeroCells()), row);
      }
    });
    return t;
  }

  // ---- overview ----------------------------------------------------------------------------

  function cards(t, waivedShown) {
    var items = [
      ["findings", L.findings, t.all.total, narrowed({})],
      ["error", L.severity[0], t.severity[0], narrowed({ severity: "error" })],
      ["warning", L.severity[1], t.severity[1], narrowed({ severity: "warning" })]
    ];
    [1, 2, 0, 3, 4].forEach(function (s) {
      if (s === 4 && !t.all.status[4]) return;
      items.push([STATUS_KEYS[s], L.status[s], t.all.status[s], narrowed({ status: STATUS_KEYS[s] })]);
    });
    if (waivedShown !== null) items.push(["waived", L.waived, waivedShown, "#waived"]);
    fill("totals", items.map(function (c) {
      return el("a", { "class": "card " + c[0], href: c[3], "data-total": c[0], "data-value": c[2] },
        [el("b", null, [num(c[2])]), el("span", null, [c[1]])]);
    }));
  }

  // Horizontal bars; each bar and number links to its findings.
  function bars(id, title, rows, note) {
    var max = rows.reduce(function (m, r) { return Math.max(m, r.n); }, 1);
    var list = el("div", { "class": "bars" }, rows.map(function (r) {
      return el("a", { "class": "bar-row", href: r.href, "data-key": r.key }, [
        el("span", { "class": "bar-label" }, [r.label]),
        el("span", { "class": "bar-track" }, [el("span", {
          "class": "bar " + (r.cls || ""), style: "width:" + (100 * r.n / max).toFixed(1) + "%"
        })]),
        el("span", { "class": "bar-n" }, [num(r.n)])
      ]);
    }));
    fill(id, [el("h2", null, [title]), rows.length ? list : el("p", null, [L.noFindings]), note]);
  }

  function repeatedNote(t) {
    if (!t.repeatedFindings) return null;
    return el("p", { "class": "note" }, [L.repeatedNote,
      link(num(t.repeatedFindings) + " " + L.pieces, "#repeated")]);
  }

  function charts(t) {
    var note = repeatedNote(t);
    bars("chart-light", L.byLight, [1, 2, 3, 0].filter(function (l) { return t.charted.light[l]; })
      .map(function (l) {
        return { key: LIGHT_KEYS[l], label: L.light[l], n: t.charted.light[l], cls: "light-" + LIGHT_KEYS[l],
          href: narrowed({ light: LIGHT_KEYS[l], problem: t.repeatedFindings ? NOT_REPEATED : state.problem }) };
      }), note);
    bars("chart-status", L.byStatus, [1, 2, 0, 3, 4].filter(function (s) { return t.charted.status[s]; })
      .map(function (s) {
        return { key: STATUS_KEYS[s], label: L.status[s], n: t.charted.status[s], cls: "status-" + STATUS_KEYS[s],
          href: narrowed({ status: STATUS_KEYS[s], problem: t.repeatedFindings ? NOT_REPEATED : state.problem }) };
      }), note && note.cloneNode(true));
    var keys = Object.keys(t.articles).sort(function (a, b) {
      return (a === "data" ? 1e9 : Number(a)) - (b === "data" ? 1e9 : Number(b));
    });
    bars("chart-article", L.byArticle, keys.map(function (a) {
      return { key: a, label: articleLabel(a), n: t.articles[a].total, cls: a === "data" ? "data" : "",
        href: narrowed({ article: a, problem: t.repeatedFindings ? NOT_REPEATED : state.problem }) };
    }), note && note.cloneNode(true));
  }

  function repeated(t) {
    var ids = Object.keys(t.repeated).map(Number);
    if (!ids.length) { fill("repeated", []); return; }
    var rows = ids.map(function (p) { return { p: p, n: t.repeated[p], first: firstOfProblem[p] }; });
    table("repeated", L.repeated, rows, [
      { head: L.message, text: function (r) { return T(D.repeated[r.p][1]); } },
      { head: L.rule, text: function (r) { return D.repeated[r.p][0]; }, code: true },
      { head: L.findings, num: true, value: function (r) { return r.n; },
        href: function (r) { return narrowed({ problem: String(r.p) }); },
        text: function (r) { return num(r.n) + " " + L.pieces; } },
      { head: L.first, text: function (r) { return "#" + (r.first + 1); },
        href: function (r) { return "#f-" + (r.first + 1); } }
    ], null);
  }

  // The group tables: one row per responsible party, branch, unit or round, counts by light
  // and status, each a link; the first column's bar is the chart.
  function groupTables(t) {
    var unitCases = {};
    D.unitCases.forEach(function (u) { unitCases[u[0]] = u[1]; });
    var note = repeatedNote(t);
    [["responsible", "by-responsible", L.byResponsible], ["branch", "by-branch", L.byBranch],
      ["unit", "by-unit", L.byUnit], ["round", "by-round", L.byRound]].forEach(function (g) {
      var key = g[0], groups = t.groups[key];
      var rows = Object.keys(groups).map(function (index) {
        return { index: Number(index), cells: groups[index] };
      });
      var max = rows.reduce(function (m, r) { return Math.max(m, r.cells.total); }, 1);
      var filterOf = function (r, extra) {
        var f = { problem: t.repeatedFindings ? NOT_REPEATED : state.problem };
        f[key] = stringValue(r.index);
        Object.keys(extra).forEach(function (k) { f[k] = extra[k]; });
        return narrowed(f);
      };
      var columns = [{ head: L[key], text: function (r) { return stringLabel(r.index); },
        href: function (r) { return filterOf(r, {}); } }];
      if (key === "unit") columns.push({ head: L.cases, num: true, value: function (r) { return unitCases[r.index] || 0; } });
      columns.push({ head: L.heads[0], num: true, value: function (r) { return r.cells.total; }, bar: max,
        href: function (r) { return filterOf(r, {}); } });
      [1, 2, 3].forEach(function (l) {
        if (!t.charted.light[l]) return;
        columns.push({ head: L.light[l], num: true, cls: "light-" + LIGHT_KEYS[l],
          value: function (r) { return r.cells.light[l]; },
          href: function (r) { return filterOf(r, { light: LIGHT_KEYS[l] }); } });
      });
      [0, 1, 2, 4, 3].forEach(function (s) {
        if (!t.charted.status[s]) return;
        columns.push({ head: L.status[s], num: true, value: function (r) { return r.cells.status[s]; },
          href: function (r) { return filterOf(r, { status: STATUS_KEYS[s] }); } });
      });
      table(g[1], g[2], rows, columns, note && note.cloneNode(true), key === "unit" ? 2 : 1);
    });
  }

  // A sortable table showing the first TOP rows (or all, up to TABLE_CAP, once asked).
  function table(id, title, rows, columns, note, defaultSort) {
    var sort = sorting[id] || { col: defaultSort === undefined ? -1 : defaultSort, desc: true };
    if (sort.col >= 0) {
      var c = columns[sort.col];
      var key = c.value || c.text;
      rows = rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = typeof x === "number" ? x - y : COLLATOR.compare(String(x), String(y));
        return sort.desc ? -d : d;
      });
    }
    var limit = expanded[id] ? TABLE_CAP : TOP;
    var head = el("tr", null, columns.map(function (c, i) {
      var mark = sort.col === i ? (sort.desc ? " ▼" : " ▲") : "";
      return el("th", { "class": c.num ? "num" : null, "data-col": i, tabindex: "0",
        "aria-sort": sort.col === i ? (sort.desc ? "descending" : "ascending") : null }, [c.head + mark]);
    }));
    var body = el("tbody", null, rows.slice(0, limit).map(function (r) {
      return el("tr", null, columns.map(function (c) { return cell(c, r); }));
    }));
    var tableNode = el("table", { "class": "sortable" }, [el("thead", null, [head]), body]);
    head.addEventListener("click", function (e) {
      var th = e.target.closest("th");
      if (!th) return;
      var col = Number(th.getAttribute("data-col"));
      sorting[id] = { col: col, desc: sort.col === col ? !sort.desc : !!columns[col].num };
      render();
    });
    var controls = null;
    if (rows.length > TOP) {
      var toggle = el("button", { type: "button", "class": "show-all" },
        [expanded[id] ? L.showTop : L.showAll + " (" + num(rows.length) + ")"]);
      toggle.addEventListener("click", function () { expanded[id] = !expanded[id]; render(); });
      controls = el("p", { "class": "table-controls" }, [toggle,
        expanded[id] && rows.length > TABLE_CAP ? " " + L.more.replace("{n}", num(rows.length - TABLE_CAP)) : null]);
    }
    fill(id, [el("h2", null, [title + " (" + num(rows.length) + ")"]),
      rows.length ? tableNode : el("p", null, [L.noFindings]), controls, note]);
  }

  function cell(c, r) {
    var text = c.text ? c.text(r) : c.value(r);
    var shown = typeof text === "number" ? num(text) : text;
    var content = c.code ? el("code", null, [shown]) : document.createTextNode(shown);
    var href = c.href ? c.href(r) : null;
    if (href && (typeof text !== "number" || text > 0)) content = el("a", { href: href }, [content]);
    var children = [content];
    if (c.bar) {
      children.unshift(el("span", { "class": "cell-bar", style: "width:" + (100 * c.value(r) / c.bar).toFixed(1) + "%" }));
    }
    return el("td", { "class": (c.num ? "num" : "") + (c.bar ? " with-bar" : "") + (c.cls ? " " + c.cls : "") || null }, children);
  }

  function deadlineTables(t) {
    var byDays = function (a, b) { return ALL[b][DAYS] - ALL[a][DAYS] || a - b; };
    var byDue = function (a, b) { return (T(ALL[a][DUE]) < T(ALL[b][DUE]) ? -1 : T(ALL[a][DUE]) > T(ALL[b][DUE]) ? 1 : 0) || a - b; };
    [["overdue", L.overdue, t.overdue.sort(byDays), false],
      ["due-soon", L.dueSoon, t.dueSoon.sort(byDue), true]].forEach(function (d) {
      var days = d[3] ? L.daysLeft : L.daysOver;
      table(d[0], d[1], d[2], [
        { head: days, num: true, value: function (i) { return d[3] ? -ALL[i][DAYS] : ALL[i][DAYS]; } },
        { head: L.due, text: function (i) { return T(ALL[i][DUE]); } },
        { head: L.article, text: function (i) { return articleLabel(articleKey(ALL[i])); } },
        { head: L.record, text: function (i) { return T(ALL[i][RECORD]); }, href: function (i) { return "#f-" + (i + 1); } },
        { head: L.unit, text: function (i) { return stringLabel(ALL[i][UNIT]); } },
        { head: L.rule, text: function (i) { return ruleId(ALL[i]); }, code: true }
      ], null);
    });
  }

  // ---- findings ----------------------------------------------------------------------------

  function badge(cls, text, title) {
    return el("span", { "class": "badge " + cls, title: title || null }, [text]);
  }

  function findingCard(i, rows, prefix) {
    var row = rows[i], sev = severityKey(row), art = articleKey(row), anchor = prefix + (i + 1);
    var facts = [[L.round, ROUND], [L.case, CASE], [L.unit, UNIT], [L.item, ITEM], [L.field, FIELD],
      [L.deadline, DEADLINE], [L.duty, DUTY]];
    var dl = el("dl");
    facts.forEach(function (f) {
      if (!row[f[1]]) return;
      dl.appendChild(el("dt", null, [f[0]]));
      dl.appendChild(el("dd", null, [T(row[f[1]])]));
    });
    dl.appendChild(el("dt", null, [L.location]));
    dl.appendChild(el("dd", null, [place(row)]));
    var text = D.articles[art];
    var help = KINDS[row[KIND]][4];
    return el("article", {
      "class": "finding " + sev, id: anchor, "data-severity": sev, "data-status": STATUS_KEYS[row[STATUS]],
      "data-article": art, "data-responsible": T(row[RESP])
    }, [
      el("h3", null, [
        link("#" + (i + 1), "#" + anchor, "anchor"), " ",
        badge(sev, L.severity[KINDS[row[KIND]][2]]), " ", badge("status", L.status[row[STATUS]]),
        row[LIGHT] ? " " : null, row[LIGHT] ? badge("light-" + LIGHT_KEYS[row[LIGHT]], L.light[row[LIGHT]]) : null,
        row[PROV] ? " " : null, row[PROV] ? badge("provisional", L.provisional, T(row[PROV])) : null,
        " ", el("code", null, [ruleId(row)]), " " + articleLabel(art) + " — " + T(row[RECORD])
      ]),
      el("p", { "class": "message" }, [T(row[MSG])]),
      dl,
      text ? el("details", null, [el("summary", null, [articleLabel(art) + " " + L.articleText]), el("p", null, [text])]) : null,
      help ? el("details", null, [el("summary", null, [L.help]), el("p", null, [help])]) : null
    ]);
  }

  function pager(id, total, pages) {
    var prev = el("button", { type: "button", "data-step": "-1" }, [L.prev]);
    var next = el("button", { type: "button", "data-step": "1" }, [L.next]);
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    [prev, next].forEach(function (b) {
      b.addEventListener("click", function () {
        page += Number(b.getAttribute("data-step"));
        render();
        document.getElementById("findings").scrollIntoView();
      });
    });
    fill(id, [prev, el("span", null, [" " + L.page + " " + (page + 1) + " / " + pages + " · " + num(total) + " " + L.findings + " "]), next]);
  }

  function findingList(selected) {
    var pages = Math.max(1, Math.ceil(selected.length / PAGE));
    page = Math.min(page, pages - 1);
    var shown = selected.slice(page * PAGE, page * PAGE + PAGE);
    fill("finding-list", shown.length ? shown.map(function (i) { return findingCard(i, ALL, "f-"); })
      : [el("p", null, [L.noFindings])]);
    pager("pager-top", selected.length, pages);
    pager("pager-bottom", selected.length, pages);
    document.getElementById("shown-count").textContent = selected.length + " / " + ALL.length;
  }

  // The waiver behind waived finding `i`: reason, approver, last day ("" for none).
  function waiver(i) {
    return (D.wby && D.wby[i]) || ["", "", ""];
  }

  function waivedList() {
    if (!WAIVED) return null;
    var selected = select(WAIVED, false);
    var id = "waived";
    table(id, L.waived, selected, [
      { head: L.rule, text: function (i) { return ruleId(WAIVED[i]); }, code: true },
      { head: L.article, text: function (i) { return articleLabel(articleKey(WAIVED[i])); } },
      { head: L.record, text: function (i) { return T(WAIVED[i][RECORD]); } },
      { head: L.unit, text: function (i) { return stringLabel(WAIVED[i][UNIT]); } },
      { head: L.message, text: function (i) { return T(WAIVED[i][MSG]); } },
      { head: L.reason, text: function (i) { return waiver(i)[0]; } },
      { head: L.approvedBy, text: function (i) { return waiver(i)[1]; } },
      { head: L.expires, text: function (i) { return waiver(i)[2] || L.noExpiry; } },
      { head: L.location, text: function (i) { return place(WAIVED[i]); } }
    ], null);
    return selected.length;
  }

  // ---- controls ----------------------------------------------------------------------------

  var controls = {};
  FILTER_KEYS.forEach(function (k) {
    var c = document.getElementById(k === "q" ? "filter-text" : "filter-" + k);
    if (c) controls[k] = c;
  });

  function distinct(field) {
    var seen = {}, list = [];
    ALL.forEach(function (row) {
      if (!seen[row[field]]) { seen[row[field]] = true; list.push(row[field]); }
    });
    return list.sort(function (a, b) { return COLLATOR.compare(stringLabel(a), stringLabel(b)); });
  }

  function fillChoices() {
    var articles = {};
    ALL.forEach(function (row) { articles[articleKey(row)] = true; });
    var options = {
      article: Object.keys(articles).sort(function (a, b) {
        return (a === "data" ? 1e9 : Number(a)) - (b === "data" ? 1e9 : Number(b));
      }).map(function (a) { return [a, articleLabel(a)]; }),
      status: [1, 2, 0, 3, 4].map(function (s) { return [STATUS_KEYS[s], L.status[s]]; }),
      light: [1, 2, 3, 0].map(function (l) { return [LIGHT_KEYS[l], L.light[l]]; }),
      severity: [0, 1].map(function (s) { return [SEVERITY_KEYS[s], L.severity[s]]; }),
      responsible: distinct(RESP).map(function (i) { return [stringValue(i), stringLabel(i)]; }),
      branch: distinct(BRANCH).map(function (i) { return [stringValue(i), stringLabel(i)]; })
    };
    Object.keys(options).forEach(function (k) {
      options[k].forEach(function (o) { controls[k].appendChild(el("option", { value: o[0] }, [o[1]])); });
    });
    [["unit", UNIT], ["round", ROUND]].forEach(function (d) {
      var list = document.getElementById("choices-" + d[0]);
      distinct(d[1]).forEach(function (i) { if (i) list.appendChild(el("option", { value: T(i) })); });
    });
  }

  function showState() {
    Object.keys(controls).forEach(function (k) {
      if (controls[k].value !== state[k]) controls[k].value = state[k];
    });
    var chip = document.getElementById("problem-chip");
    if (chip) chip.remove();
    if (state.problem) {
      var label = state.problem === NOT_REPEATED ? L.notRepeated
        : L.problem + ": " + (D.repeated[Number(state.problem)] ? T(D.repeated[Number(state.problem)][1]) : state.problem);
      var clear = link("×", narrowed({ problem: "" }));
      document.getElementById("shown-count").before(el("span", { id: "problem-chip", "class": "chip" }, [label + " ", clear]));
    }
    document.body.classList.toggle("is-filtered", hashOf(state) !== "#");
  }

  function fromControls() {
    Object.keys(controls).forEach(function (k) { state[k] = controls[k].value; });
    page = 0;
    history.replaceState(null, "", hashOf(state) === "#" ? location.pathname + location.search : hashOf(state));
    timed(render);
  }

  // ---- the whole page ----------------------------------------------------------------------

  function render() {
    var selected = select(ALL, true);
    var t = tally(selected);
    var waivedShown = waivedList();
    cards(t, waivedShown);
    charts(t);
    repeated(t);
    groupTables(t);
    deadlineTables(t);
    findingList(selected);
    showState();
  }

  // Runs `f` and records how long it took, layout included, for bench/html.sh.
  function timed(f) {
    var start = performance.now();
    f();
    void document.body.offsetHeight;
    document.body.setAttribute("data-filter-ms", (performance.now() - start).toFixed(1));
  }

  // Opens finding `n` (1-based): its page, unfiltered if the filters hide it, scrolled to.
  function showFinding(n) {
    var i = n - 1;
    if (i < 0 || i >= ALL.length) return;
    var selected = select(ALL, true);
    var at = selected.indexOf(i);
    if (at < 0) { state = emptyState(); at = i; }
    page = Math.floor(at / PAGE);
    render();
    var card = document.getElementById("f-" + n);
    if (card) {
      card.classList.add("target");
      card.scrollIntoView();
    }
  }

  function fromHash(initial) {
    // A link to a part of the page (#waived, #repeated) only scrolls there.
    var section = /^#[a-z-]+$/.test(location.hash) && document.getElementById(location.hash.slice(1));
    if (section && !initial) return;
    var h = parseHash(section ? "" : location.hash);
    if (h.target !== null) { showFinding(h.target); return; }
    state = h.state;
    page = h.page;
    timed(render);
    if (!initial) document.getElementById("findings").scrollIntoView();
  }

  // Whether Chinese text is drawn with real glyphs in the page's fonts: two different
  // characters must differ from each other and from an unassigned code point (which every
  // font draws as its "tofu" box).
  function checkCjk() {
    var canvas = document.createElement("canvas");
    canvas.width = 48; canvas.height = 48;
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) return "unknown";
    ctx.font = "32px " + getComputedStyle(document.body).fontFamily;
    ctx.textBaseline = "top";
    var draw = function (ch) {
      ctx.clearRect(0, 0, 48, 48);
      ctx.fillText(ch, 4, 4);
      return Array.prototype.join.call(ctx.getImageData(0, 0, 48, 48).data, "");
    };
    var tofu = draw("\u0378"), han = draw(L.cjkProbe.charAt(0)), zi = draw(L.cjkProbe.charAt(2));
    var blank = draw(" ");
    return han !== tofu && zi !== tofu && han !== zi && han !== blank ? "drawn" : "tofu";
  }

  function verifyTotals() {
    var computed = document.getElementById("computed-totals");
    var severity = [0, 0, 0], status = [0, 0, 0, 0, 0];
    ALL.forEach(function (row) { severity[KINDS[row[KIND]][2]] += 1; status[row[STATUS]] += 1; });
    var counts = { findings: ALL.length, error: severity[0], warning: severity[1] };
    STATUS_KEYS.forEach(function (k, s) { if (k !== "open") counts[k] = status[s]; });
    var consistent = true;
    Object.keys(counts).forEach(function (k) {
      computed.setAttribute("data-" + k, String(counts[k]));
      if (D.totals[k] !== counts[k]) consistent = false;
    });
    computed.setAttribute("data-consistent", consistent ? "yes" : "no");
  }

  fillChoices();
  Object.keys(controls).forEach(function (k) {
    controls[k].addEventListener(k === "q" ? "input" : "change", fromControls);
  });
  document.getElementById("filter-clear").addEventListener("click", function () {
    state = emptyState();
    page = 0;
    history.replaceState(null, "", location.pathname + location.search);
    timed(render);
  });
  window.addEventListener("hashchange", function () { fromHash(false); });

  var wanted = parseHash(location.hash);
  if (wanted.measure) {
    // bench/html.sh: the first view unfiltered, then the address's filters, each timed.
    render();
    void document.body.offsetHeight;
    document.body.setAttribute("data-first-view-ms", performance.now().toFixed(1));
    state = wanted.state;
    timed(render);
  } else {
    fromHash(true);
    void document.body.offsetHeight;
    document.body.setAttribute("data-first-view-ms", performance.now().toFixed(1));
  }
  verifyTotals();
  document.body.setAttribute("data-rendered", String(document.querySelectorAll("#finding-list .finding").length));
  document.body.setAttribute("data-cjk", checkCjk());
  document.body.setAttribute("data-ready", "yes");
})();
