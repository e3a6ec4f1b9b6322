/* kg graph page: vis-network with a legend, filters, search, a details panel and neighbourhood
 * highlighting. All text from the graph is inserted with textContent (never innerHTML), so a label
 * such as <script> shows as text. The page makes no request: vis-network is inlined above and the
 * Content-Security-Policy forbids anything else. */
(function () {
  "use strict";
  var t0 = performance.now();
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var FONT = getComputedStyle(document.body).fontFamily;
  var MAX_EDGES_LISTED = 150;
  var MAX_EVIDENCE_SHOWN = 6;
  var DIM_NODE = { background: "rgba(215,215,215,0.35)", border: "rgba(190,190,190,0.35)" };
  var DIM_FONT = "rgba(120,120,120,0.25)";
  var typeColor = {};
  DATA.types.forEach(function (t) { typeColor[t.name] = t.color; });
  var relColor = {};
  DATA.relations.forEach(function (r) { relColor[r.name] = r.color; });
  var typeOn = {};
  DATA.types.forEach(function (t) { typeOn[t.name] = true; });
  var relOn = {};
  DATA.relations.forEach(function (r) { relOn[r.name] = true; });
  var big = DATA.nodes.length > 800;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "className") { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
      });
    }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function darker(hex) {
    var n = parseInt(hex.slice(1), 16);
    var r = Math.round(((n >> 16) & 255) * 0.7), g = Math.round(((n >> 8) & 255) * 0.7), b = Math.round((n & 255) * 0.7);
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  function nodeColor(type) {
    var c = typeColor[type] || "#c0c0c0";
    return { background: c, border: darker(c), highlight: { background: c, border: "#111" }, hover: { background: c, border: "#111" } };
  }

  // ---------------------------------------------------------------- vis data
  function shortLabel(n) {  // headlines are long: the canvas shows their start, the panel all of it
    var chars = Array.from(n.l);
    return n.t === "ARTICLE" && chars.length > 14 ? chars.slice(0, 13).join("") + "…" : n.l;
  }
  var nodeItems = DATA.nodes.map(function (n, i) {
    return {
      id: i,
      label: shortLabel(n),
      x: n.x,
      y: -n.y,
      size: n.s,
      shape: n.t === "ARTICLE" ? "square" : "dot",
      color: nodeColor(n.t),
      font: { face: FONT, size: Math.round(14 + n.s * 0.3), color: "#222", strokeWidth: 3, strokeColor: "#ffffff" }
    };
  });
  var edgeItems = DATA.edges.map(function (e, i) {
    var c = relColor[e.r] || "#c0c0c0";
    return {
      id: i,
      from: e.f,
      to: e.t,
      width: 1 + Math.log(Math.max(1, e.w || 1)),
      color: { color: c, highlight: darker(c), opacity: 0.75 },
      arrows: DATA.meta.directed ? { to: { enabled: true, scaleFactor: 0.45 } } : undefined
    };
  });
  var adjacency = DATA.nodes.map(function () { return []; });
  DATA.edges.forEach(function (e, i) {
    adjacency[e.f].push(i);
    if (e.t !== e.f) { adjacency[e.t].push(i); }
  });

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("kg-network");
  var options = {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: { borderWidth: 1, scaling: { label: { enabled: false } } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0 },
    interaction: {
      hover: false,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      tooltipDelay: 300,
      keyboard: false,
      navigationButtons: false,
      multiselect: false
    }
  };
  var tData = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var tNetwork = performance.now();
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgData = DATA;
  window.kgTimings = { parse: tData - t0, network: tNetwork - tData };
  if (network.getScale() > 1) {  // a tiny graph: do not blow it up beyond its natural size
    network.moveTo({ scale: 1 });
  }
  network.once("afterDrawing", function () {
    window.kgTimings.firstDraw = performance.now() - t0;
    window.kgReady = true;
    document.body.setAttribute("data-ready", "1");
  });

  // ---------------------------------------------------------------- filters and legend
  function applyFilters() {
    nodes.update(DATA.nodes.map(function (n, i) { return { id: i, hidden: !typeOn[n.t] }; }));
    edges.update(DATA.edges.map(function (e, i) { return { id: i, hidden: !relOn[e.r] }; }));
  }

  function legend(listId, items, state, swatchClass, kind) {
    var ul = document.getElementById(listId);
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = el("input", { type: "checkbox", "data-kind": kind, value: item.name });
      box.checked = true;
      box.addEventListener("change", function () {
        state[item.name] = box.checked;
        applyFilters();
      });
      var sw = el("span", { className: swatchClass });
      sw.style.background = item.color;
      label.appendChild(box);
      label.appendChild(sw);
      label.appendChild(el("span", { className: "kg-name" }, item.name));
      label.appendChild(el("span", { className: "kg-count" }, item.count));
      li.appendChild(label);
      ul.appendChild(li);
    });
  }
  legend("kg-types", DATA.types, typeOn, "kg-swatch", "type");
  legend("kg-relations", DATA.relations, relOn, "kg-line", "relation");

  function setTypeVisible(type) {
    if (typeOn[type]) { return; }
    typeOn[type] = true;
    document.querySelectorAll('#kg-types input[data-kind="type"]').forEach(function (box) {
      if (box.value === type) { box.checked = true; }
    });
    applyFilters();
  }

  // ---------------------------------------------------------------- highlight
  var highlighted = null;
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var incident = {};
    adjacency[id].forEach(function (e) { incident[e] = true; });
    nodes.update(DATA.nodes.map(function (n, i) {
      return keep[i]
        ? { id: i, color: nodeColor(n.t), font: { color: "#222" } }
        : { id: i, color: DIM_NODE, font: { color: DIM_FONT } };
    }));
    edges.update(DATA.edges.map(function (e, i) {
      var c = relColor[e.r] || "#c0c0c0";
      return {
        id: i,
        color: incident[i] ? { color: c, highlight: darker(c), opacity: 1 } : { color: "#e6e6e6", highlight: "#e6e6e6", opacity: 0.3 }
      };
    }));
    highlighted = id;
  }
  function resetHighlight() {
    if (highlighted === null) { return; }
    nodes.update(DATA.nodes.map(function (n, i) { return { id: i, color: nodeColor(n.t), font: { color: "#222" } }; }));
    edges.update(DATA.edges.map(function (e, i) {
      var c = relColor[e.r] || "#c0c0c0";
      return { id: i, color: { color: c, highlight: darker(c), opacity: 0.75 } };
    }));
    highlighted = null;
  }

  // ---------------------------------------------------------------- details panel
  var panel = document.getElementById("kg-panel");
  function clearPanel() {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
  }
  function hint() {
    clearPanel();
    panel.appendChild(el("p", { className: "kg-hint" }, "Select a node or an edge to see its type, aliases, mentions and the sentences it was read from."));
  }
  function headline(articleId) {
    return Object.prototype.hasOwnProperty.call(DATA.articles, articleId) ? DATA.articles[articleId] : null;
  }
  function chip(type) {
    var c = el("span", { className: "kg-chip" }, type || "?");
    c.style.background = typeColor[type] || "#999";
    return c;
  }
  function row(dl, name, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) { return; }
    dl.appendChild(el("dt", null, name));
    if (value instanceof Node) {
      var dd = el("dd");
      dd.appendChild(value);
      dl.appendChild(dd);
    } else {
      dl.appendChild(el("dd", null, Array.isArray(value) ? value.join("、") : value));
    }
  }
  function nodeLink(i) {
    var b = el("button", { type: "button", className: "kg-link" }, DATA.nodes[i].l);
    b.addEventListener("click", function () { focusNode(i); });
    return b;
  }
  function evidenceList(e) {
    var ul = el("ul", { className: "kg-evidence" });
    (e.ev || []).slice(0, MAX_EVIDENCE_SHOWN).forEach(function (ev) {
      var li = el("li", { className: "kg-sentence" });
      li.appendChild(el("span", { className: "kg-text" }, "“" + ev[0] + "”"));
      var h = headline(ev[1]);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { className: "kg-source" }, h ? "《" + h + "》" : (ev[1] || "")));
      ul.appendChild(li);
    });
    var total = e.n || (e.ev || []).length;
    if (total > MAX_EVIDENCE_SHOWN) {
      ul.appendChild(el("li", { className: "kg-more" }, "… " + (total - MAX_EVIDENCE_SHOWN) + " more sentences"));
    }
    return ul;
  }
  function edgeSummary(e, fromId) {
    var li = el("li", { className: "kg-edge" });
    var head = el("div");
    var rel = el("span", { className: "kg-rel" }, e.r + (e.ti ? " (" + e.ti + ")" : ""));
    rel.style.color = relColor[e.r] ? darker(relColor[e.r]) : "#333";
    if (fromId === undefined) {
      head.appendChild(nodeLink(e.f));
      head.appendChild(document.createTextNode(" → "));
      head.appendChild(rel);
      head.appendChild(document.createTextNode(" → "));
      head.appendChild(nodeLink(e.t));
    } else if (e.f === fromId) {
      head.appendChild(rel);
      head.appendChild(document.createTextNode(" → "));
      head.appendChild(nodeLink(e.t));
    } else {
      head.appendChild(nodeLink(e.f));
      head.appendChild(document.createTextNode(" → "));
      head.appendChild(rel);
    }
    if (e.w !== undefined && e.w !== null && e.w !== 1) {
      head.appendChild(el("span", { className: "kg-source" }, " ×" + e.w));
    }
    li.appendChild(head);
    if (e.ev && e.ev.length) { li.appendChild(evidenceList(e)); }
    return li;
  }
  var REL_ORDER = { MENTIONS: 2, CO_OCCURS: 1 };
  function showNode(i) {
    var n = DATA.nodes[i];
    clearPanel();
    var title = el("h2", { id: "kg-panel-title" }, n.l);
    panel.appendChild(title);
    var meta = el("div");
    meta.appendChild(chip(n.t));
    panel.appendChild(meta);
    panel.appendChild(el("div", { className: "kg-key" }, n.k));
    var dl = el("dl");
    row(dl, "Type", n.t);
    row(dl, "Aliases", n.a);
    row(dl, "Mentions", n.m);
    if (n.art) {
      row(dl, "Headline", n.art.headline);
      row(dl, "Subheadline", n.art.subheadline);
      row(dl, "Unit", n.art.unit);
      row(dl, "Date", n.art.date);
      row(dl, "Authors", n.art.authors);
      row(dl, "Source", n.art.source);
    }
    if (n.arts && n.arts.length && n.t !== "ARTICLE") {
      var arts = el("ul", { className: "kg-evidence" });
      n.arts.forEach(function (a) { arts.appendChild(el("li", null, headline(a) ? "《" + headline(a) + "》" : a)); });
      row(dl, "Articles", arts);
    }
    panel.appendChild(dl);
    var list = adjacency[i].slice().sort(function (a, b) {
      var ea = DATA.edges[a], eb = DATA.edges[b];
      return (REL_ORDER[ea.r] || 0) - (REL_ORDER[eb.r] || 0) || (eb.w || 0) - (ea.w || 0) || a - b;
    });
    panel.appendChild(el("h3", null, "Relations and evidence (" + list.length + ")"));
    var ul = el("ul", { className: "kg-edges" });
    list.slice(0, MAX_EDGES_LISTED).forEach(function (ei) { ul.appendChild(edgeSummary(DATA.edges[ei], i)); });
    if (list.length > MAX_EDGES_LISTED) {
      ul.appendChild(el("li", { className: "kg-more" }, "… " + (list.length - MAX_EDGES_LISTED) + " more edges"));
    }
    panel.appendChild(ul);
    panel.scrollTop = 0;
  }
  function showEdge(ei) {
    var e = DATA.edges[ei];
    clearPanel();
    panel.appendChild(el("h2", { id: "kg-panel-title" }, e.r + (e.ti ? " (" + e.ti + ")" : "")));
    var ul = el("ul", { className: "kg-edges" });
    ul.appendChild(edgeSummary(e));
    panel.appendChild(ul);
  }

  // ---------------------------------------------------------------- selection and focus
  function focusNode(i) {
    setTypeVisible(DATA.nodes[i].t);
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    highlight(i);
    showNode(i);
  }
  window.kgFocusNode = focusNode;

  network.on("click", function (params) {
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      resetHighlight();
      showEdge(params.edges[0]);
    } else {
      resetHighlight();
      hint();
    }
  });

  document.getElementById("kg-reset").addEventListener("click", function () {
    resetHighlight();
    network.unselectAll();
    hint();
    searchBox.value = "";
    hideResults();
    network.fit({ animation: false });
  });

  // ---------------------------------------------------------------- search
  var searchBox = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var index = DATA.nodes.map(function (n, i) {
    return { i: i, names: [n.l].concat(n.a || []).map(function (s) { return String(s).toLowerCase().trim(); }) };
  });
  var current = [];
  function find(query) {
    var q = query.toLowerCase().trim();
    if (!q) { return []; }
    var scored = [];
    index.forEach(function (entry) {
      var best = 99;
      entry.names.forEach(function (name, k) {
        var s = name === q ? 0 : name.indexOf(q) === 0 ? 2 : name.indexOf(q) > 0 ? 4 : 99;
        if (s < 99 && k > 0) { s += 1; }  // the label before an alias
        if (s < best) { best = s; }
      });
      if (best < 99) { scored.push([best, entry.i]); }
    });
    scored.sort(function (a, b) {
      return a[0] - b[0] || (DATA.nodes[b[1]].m || 0) - (DATA.nodes[a[1]].m || 0) || a[1] - b[1];
    });
    return scored.slice(0, 12).map(function (s) { return s[1]; });
  }
  function hideResults() {
    results.hidden = true;
    while (results.firstChild) { results.removeChild(results.firstChild); }
  }
  function showResults(found) {
    hideResults();
    current = found;
    if (!searchBox.value.trim()) { return; }
    if (!found.length) {
      results.appendChild(el("li", { className: "kg-empty" }, "No node matches"));
    }
    found.forEach(function (i, k) {
      var n = DATA.nodes[i];
      var li = el("li", { role: "option", "data-node": String(i), className: k === 0 ? "kg-active" : "" });
      var sw = el("span", { className: "kg-swatch" });
      sw.style.background = typeColor[n.t] || "#c0c0c0";
      li.appendChild(sw);
      li.appendChild(el("span", null, n.l));
      if (n.a && n.a.length) { li.appendChild(el("span", { className: "kg-alias" }, n.a.join("、"))); }
      li.addEventListener("mousedown", function (ev) {
        ev.preventDefault();
        hideResults();
        focusNode(i);
      });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  searchBox.addEventListener("input", function () { showResults(find(searchBox.value)); });
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var found = find(searchBox.value);
    hideResults();
    if (found.length) { focusNode(found[0]); }
  });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { searchBox.value = ""; hideResults(); }
  });
  searchBox.addEventListener("blur", function () { setTimeout(hideResults, 150); });
  window.kgFind = find;
})();
