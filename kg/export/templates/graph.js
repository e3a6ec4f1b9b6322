/* kg graph page: vis-network with a legend, filters, a timeline, groups, top lists, search, a details
 * panel, neighbourhood views with Back, and labels placed by importance and zoom.
 * All text from the graph is inserted with textContent (never innerHTML), so a label such as
 * <script> shows as text. The page makes no request: vis-network is inlined above and the
 * Content-Security-Policy forbids anything else. */
(function () {
  "use strict";
  var t0 = performance.now();
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var FONT = getComputedStyle(document.body).fontFamily;
  var N = DATA.nodes.length, E = DATA.edges.length;
  var MAX_EVIDENCE_SHOWN = 6;
  var MAX_EDGES_PER_GROUP = 40;
  var MAX_GROUPS_LISTED = 30;
  var MAX_LABELS = 220;          // labels drawn at once, most important first
  var LABEL_MIN_PX = 10;         // smallest label on screen (the least important node, zoomed out)
  var LABEL_MAX_PX = 24;         // largest label on screen, however far one zooms in
  var NO_LABEL = 0.001;          // world font size that stays under vis-network's draw threshold
  var DIM_NODE = { background: "rgba(215,215,215,0.35)", border: "rgba(190,190,190,0.35)" };
  var DIM_FONT = "rgba(120,120,120,0.25)";
  var GROUP_NONE = "#C8C8C8";
  var QUIET = {};
  (DATA.meta.quiet || []).forEach(function (r) { QUIET[r] = true; });
  var typeColor = {};
  DATA.types.forEach(function (t) { typeColor[t.name] = t.color; });
  var relColor = {};
  DATA.relations.forEach(function (r) { relColor[r.name] = r.color; });
  var typeOn = {};
  DATA.types.forEach(function (t) { typeOn[t.name] = true; });
  var relOn = {};
  DATA.relations.forEach(function (r) { relOn[r.name] = !QUIET[r.name]; });
  var big = N > 800;
  var colourBy = "type";
  var onlyLinked = (DATA.meta.quiet || []).length > 0;
  var dateLo = 0, dateHi = DATA.dates.length - 1;   // the range, as indices into DATA.dates
  var selected = null;                              // always shown, whatever the filters

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
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }

  function darker(hex) {
    var n = parseInt(hex.slice(1), 16);
    var r = Math.round(((n >> 16) & 255) * 0.7), g = Math.round(((n >> 8) & 255) * 0.7), b = Math.round((n & 255) * 0.7);
    return "rgb(" + r + "," + g + "," + b + ")";
  }
  function fillOf(i) {
    var n = DATA.nodes[i];
    if (colourBy === "group") {
      return n.g !== undefined && DATA.groups[n.g] ? DATA.groups[n.g].color : GROUP_NONE;
    }
    return typeColor[n.t] || "#c0c0c0";
  }
  function nodeColor(i) {
    var c = fillOf(i);
    return { background: c, border: darker(c), highlight: { background: c, border: "#111" }, hover: { background: c, border: "#111" } };
  }

  // ---------------------------------------------------------------- graph structure
  var adjacency = DATA.nodes.map(function () { return []; });
  DATA.edges.forEach(function (e, i) {
    adjacency[e.f].push(i);
    if (e.t !== e.f) { adjacency[e.t].push(i); }
  });
  var byImportance = DATA.nodes.map(function (n, i) { return i; });
  byImportance.sort(function (a, b) {
    var na = DATA.nodes[a], nb = DATA.nodes[b];
    var aa = na.t === "ARTICLE" ? 1 : 0, ab = nb.t === "ARTICLE" ? 1 : 0;  // headlines are long: entities first
    return aa - ab || nb.s - na.s || (nb.m || 0) - (na.m || 0) || adjacency[b].length - adjacency[a].length || a - b;
  });
  var sizeMin = Infinity, sizeMax = -Infinity;
  DATA.nodes.forEach(function (n) { sizeMin = Math.min(sizeMin, n.s); sizeMax = Math.max(sizeMax, n.s); });
  function share(i) {  // 0 for the least important node, 1 for the most
    return sizeMax > sizeMin ? (DATA.nodes[i].s - sizeMin) / (sizeMax - sizeMin) : 0.5;
  }

  // ---------------------------------------------------------------- vis data
  function shortLabel(n) {  // headlines are long: the canvas shows their start, the panel all of it
    var chars = Array.from(n.l);
    return n.t === "ARTICLE" && chars.length > 14 ? chars.slice(0, 13).join("") + "…" : n.l;
  }
  var labelText = DATA.nodes.map(shortLabel);
  var labelEms = labelText.map(function (s) {  // width in ems: CJK characters are square, Latin about half
    var w = 0;
    for (var k = 0; k < s.length; k++) { w += s.charCodeAt(k) > 255 ? 1 : 0.58; }
    return w;
  });

  // visibility, computed from every control at once (see applyView)
  var nodeShown = new Uint8Array(N), edgeShown = new Uint8Array(E);
  function dateOk(item) {
    if (!item.d) { return true; }  // undated elements stay visible
    for (var k = 0; k < item.d.length; k++) { if (item.d[k] >= dateLo && item.d[k] <= dateHi) { return true; } }
    return false;
  }
  var views = [{ kind: "all" }];
  var viewSet = null;  // the nodes of the current focus or group view (null: all)

  function computeVisibility() {
    var i, v = views[views.length - 1];
    for (i = 0; i < N; i++) {
      var n = DATA.nodes[i];
      nodeShown[i] = (typeOn[n.t] && dateOk(n) && (viewSet === null || viewSet[i])) ? 1 : 0;
    }
    if (selected !== null && (viewSet === null || viewSet[selected])) { nodeShown[selected] = 1; }
    var linked = new Uint8Array(N);
    for (i = 0; i < E; i++) {
      var e = DATA.edges[i];
      edgeShown[i] = (relOn[e.r] && dateOk(e) && nodeShown[e.f] && nodeShown[e.t]) ? 1 : 0;
      if (edgeShown[i]) { linked[e.f] = 1; linked[e.t] = 1; }
    }
    if (onlyLinked && v.kind === "all") {
      for (i = 0; i < N; i++) { if (!linked[i] && i !== selected) { nodeShown[i] = 0; } }
    }
  }
  computeVisibility();

  var nodeItems = DATA.nodes.map(function (n, i) {
    return {
      id: i,
      label: labelText[i],
      x: n.x,
      y: -n.y,
      size: n.s,
      hidden: !nodeShown[i],
      shape: n.t === "ARTICLE" ? "square" : "dot",
      color: nodeColor(i),
      font: { face: FONT, size: NO_LABEL, color: "#222", strokeWidth: 3, strokeColor: "#ffffff" }
    };
  });
  function edgeItem(i) {
    var e = DATA.edges[i], c = relColor[e.r] || "#c0c0c0";
    return {
      id: i,
      from: e.f,
      to: e.t,
      hidden: !(relOn[e.r] && dateOk(e)),
      width: 1 + Math.log(Math.max(1, e.w || 1)),
      color: { color: c, highlight: darker(c), opacity: 0.75 }
    };
  }
  /* the edges of relations that are off at first join the drawing only when switched on: on a
   * corpus they are half the edges, and creating them would double the time the page takes to open */
  var edgeLoaded = new Uint8Array(E), edgeItems = [];
  for (var ei0 = 0; ei0 < E; ei0++) {
    if (relOn[DATA.edges[ei0].r]) { edgeItems.push(edgeItem(ei0)); edgeLoaded[ei0] = 1; }
  }
  var nodeHidden = nodeItems.map(function (n) { return n.hidden; });
  var edgeHidden = DATA.edges.map(function (e, i) { return edgeLoaded[i] ? !(relOn[e.r] && dateOk(e)) : true; });

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("kg-network");
  var options = {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    // labels: their size is set per node by placeLabels; under drawThreshold screen pixels vis-network skips them
    nodes: { borderWidth: 1, scaling: { label: { enabled: false, drawThreshold: LABEL_MIN_PX - 2, maxVisible: LABEL_MAX_PX + 6 } } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0, arrows: DATA.meta.directed ? { to: { enabled: true, scaleFactor: 0.45 } } : undefined },
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
  function fitView() {
    network.fit({ animation: false });
    if (network.getScale() > 1) {  // a tiny view: do not blow it up beyond its natural size
      network.moveTo({ scale: 1 });
    }
  }
  fitView();

  // ---------------------------------------------------------------- labels by importance and zoom
  /* Labels are placed greedily, most important node first, each where it does not overlap one
   * already placed (a grid of screen cells makes the check cheap), so the picture never turns
   * into a grey band; a label's size grows with its node's importance and with the zoom. */
  var labelPx = new Float32Array(N);
  var dimmed = null;  // the set of highlighted nodes, or null
  var CELL = 48;
  function placeLabels() {
    var scale = network.getScale();
    var w = container.clientWidth, h = container.clientHeight;
    if (!w || !h) { return; }
    var centre = network.getViewPosition();
    var grid = {};
    function cells(b, add) {
      for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
        for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
          var key = cx + ":" + cy, list = grid[key];
          if (add) {
            if (!list) { grid[key] = list = []; }
            list.push(b);
          } else if (list) {
            for (var k = 0; k < list.length; k++) {
              var o = list[k];
              if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { return true; }
            }
          }
        }
      }
      return false;
    }
    var next = new Float32Array(N), placed = 0;
    var order = selected !== null ? [selected].concat(byImportance) : byImportance;
    for (var k = 0; k < order.length && placed < MAX_LABELS; k++) {
      var i = order[k];
      if (!nodeShown[i] || next[i]) { continue; }
      if (dimmed && !dimmed[i]) { continue; }
      var pos = network.body.nodes[i];
      if (!pos) { continue; }
      var sx = (pos.x - centre.x) * scale + w / 2, sy = (pos.y - centre.y) * scale + h / 2;
      if (sx < -40 || sy < -40 || sx > w + 40 || sy > h + 40) { continue; }
      var px = Math.min(LABEL_MAX_PX, Math.max(LABEL_MIN_PX + 5 * share(i), (12 + 0.5 * DATA.nodes[i].s) * scale));
      var half = labelEms[i] * px / 2 + 2;
      var top = sy + DATA.nodes[i].s * scale;  // vis-network draws the label under the node
      var box = [sx - half, top, sx + half, top + px * 1.4 + 4];
      if (i !== selected && cells(box, false)) { continue; }
      cells(box, true);
      next[i] = px;
      placed++;
    }
    var changes = [];
    for (var j = 0; j < N; j++) {
      if (next[j] !== labelPx[j] || (next[j] && scale !== placeLabels.scale)) {
        changes.push({ id: j, font: { size: next[j] ? next[j] / scale : NO_LABEL } });
      }
    }
    labelPx = next;
    placeLabels.scale = scale;
    if (changes.length) { nodes.update(changes); }
    window.kgLabels = placed;
  }
  var labelTimer = null;
  function scheduleLabels() {
    if (labelTimer) { clearTimeout(labelTimer); }
    labelTimer = setTimeout(function () { labelTimer = null; placeLabels(); }, 90);
  }
  network.on("zoom", scheduleLabels);
  network.on("dragEnd", scheduleLabels);
  network.on("animationFinished", scheduleLabels);
  network.on("resize", scheduleLabels);

  var drawn = false, setUp = false;
  function markReady() {  // usable: drawn once and every control in place
    if (!drawn || !setUp || window.kgReady) { return; }
    window.kgTimings.ready = performance.now() - t0;
    window.kgReady = true;
    document.body.setAttribute("data-ready", "1");
  }
  network.once("afterDrawing", function () {
    window.kgTimings.firstDraw = performance.now() - t0;
    drawn = true;
    markReady();
  });

  // ---------------------------------------------------------------- applying the controls
  var shownInfo = document.getElementById("kg-shown");
  function applyView(refit) {
    computeVisibility();
    var nodeChanges = [], edgeChanges = [], i, shownNodes = 0, shownEdges = 0;
    for (i = 0; i < N; i++) {
      var hide = !nodeShown[i];
      if (hide !== nodeHidden[i]) { nodeChanges.push({ id: i, hidden: hide }); nodeHidden[i] = hide; }
      shownNodes += nodeShown[i];
    }
    var edgeAdds = [];
    for (i = 0; i < E; i++) {
      var e = DATA.edges[i];
      var hideEdge = !(relOn[e.r] && dateOk(e));  // edges of hidden nodes are hidden by vis-network
      if (!edgeLoaded[i]) {
        if (!relOn[e.r]) { continue; }
        edgeLoaded[i] = 1;
        edgeAdds.push(edgeItem(i));
        edgeHidden[i] = hideEdge;
      } else if (hideEdge !== edgeHidden[i]) {
        edgeChanges.push({ id: i, hidden: hideEdge });
        edgeHidden[i] = hideEdge;
      }
      shownEdges += edgeShown[i];
    }
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeAdds.length) { edges.add(edgeAdds); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    shownInfo.textContent = fmt(shownNodes) + " of " + fmt(N) + " nodes · " + fmt(shownEdges) + " of " + fmt(E) + " edges shown";
    updateDateSummary();
    if (refit) { fitView(); }
    placeLabels();
  }

  function legend(listId, items, state, swatchClass, kind) {
    var ul = document.getElementById(listId);
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = el("input", { type: "checkbox", "data-kind": kind, value: item.name });
      box.checked = state[item.name];
      box.addEventListener("change", function () {
        state[item.name] = box.checked;
        applyView(false);
      });
      var sw = el("span", { className: swatchClass });
      sw.style.background = item.color;
      label.appendChild(box);
      label.appendChild(sw);
      label.appendChild(el("span", { className: "kg-name" }, item.name));
      label.appendChild(el("span", { className: "kg-count" }, fmt(item.count)));
      li.appendChild(label);
      ul.appendChild(li);
    });
  }
  legend("kg-types", DATA.types, typeOn, "kg-swatch", "type");
  legend("kg-relations", DATA.relations, relOn, "kg-line", "relation");

  var onlyLinkedBox = document.getElementById("kg-only-linked");
  onlyLinkedBox.checked = onlyLinked;
  onlyLinkedBox.addEventListener("change", function () { onlyLinked = onlyLinkedBox.checked; applyView(true); });
  if ((DATA.meta.quiet || []).length) {
    var note = document.getElementById("kg-quiet-note");
    note.textContent = DATA.meta.quiet.join(" and ") + " are off at first: on a graph this size they hide the other relations. The layout is drawn from the relations shown.";
    note.hidden = false;
  }

  function setTypeVisible(type) {
    if (typeOn[type]) { return; }
    typeOn[type] = true;
    document.querySelectorAll('#kg-types input[data-kind="type"]').forEach(function (box) {
      if (box.value === type) { box.checked = true; }
    });
    applyView(false);
  }

  // ---------------------------------------------------------------- colour by type or group
  function recolour() {
    var changes = [];
    for (var i = 0; i < N; i++) {
      if (dimmed && !dimmed[i]) { continue; }
      changes.push({ id: i, color: nodeColor(i) });
    }
    nodes.update(changes);
  }
  document.querySelectorAll('input[name="kg-colour"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!radio.checked) { return; }
      colourBy = radio.value;
      recolour();
      document.getElementById("kg-groups-section").classList.toggle("kg-active", colourBy === "group");
    });
  });
  if (!DATA.groups.length) {
    document.getElementById("kg-colour-section").hidden = true;
  } else {
    var groupList = document.getElementById("kg-groups");
    DATA.groups.slice(0, MAX_GROUPS_LISTED).forEach(function (g, k) {
      var li = el("li");
      var b = el("button", { type: "button", "data-group": String(k), title: "Show this group alone: " + g.types.map(function (t) { return t[0] + " " + t[1]; }).join(", ") });
      var sw = el("span", { className: "kg-swatch" });
      sw.style.background = g.color;
      b.appendChild(sw);
      b.appendChild(el("span", { className: "kg-name" }, (k + 1) + ". " + DATA.nodes[g.lead].l + " …"));
      b.appendChild(el("span", { className: "kg-count" }, fmt(g.size)));
      b.addEventListener("click", function () { showGroup(k); });
      li.appendChild(b);
      groupList.appendChild(li);
    });
    if (DATA.groups.length > MAX_GROUPS_LISTED) {
      groupList.appendChild(el("li", { className: "kg-more" }, "… " + (DATA.groups.length - MAX_GROUPS_LISTED) + " smaller groups"));
    }
    document.getElementById("kg-groups-section").hidden = false;
  }

  // ---------------------------------------------------------------- timeline
  var dateFrom = document.getElementById("kg-date-from"), dateTo = document.getElementById("kg-date-to");
  var dayBars = [];
  function updateDateSummary() {
    if (DATA.dates.length < 2) { return; }
    var a = 0, en = 0, r = 0, undated = 0, i;  // distinct elements with a date in the range
    for (i = 0; i < N; i++) {
      var n = DATA.nodes[i];
      if (!n.d) { undated++; } else if (dateOk(n)) { if (n.t === "ARTICLE") { a++; } else { en++; } }
    }
    for (i = 0; i < E; i++) { if (DATA.edges[i].d && dateOk(DATA.edges[i])) { r++; } }
    document.getElementById("kg-date-summary").textContent =
      DATA.dates[dateLo] + " – " + DATA.dates[dateHi] + ": " + fmt(a) + " reports, " + fmt(en) + " entities, " + fmt(r) +
      " relations dated in range. Undated elements (" + fmt(undated) + " nodes) stay visible.";
    dayBars.forEach(function (bar, k) { bar.classList.toggle("kg-in", k >= dateLo && k <= dateHi); });
  }
  function setDates(from, to) {  // ISO strings; the range snaps to the dates of the graph
    var lo = 0, hi = DATA.dates.length - 1;
    while (lo < DATA.dates.length - 1 && from && DATA.dates[lo] < from) { lo++; }
    while (hi > 0 && to && DATA.dates[hi] > to) { hi--; }
    if (hi < lo) { hi = lo; }
    dateLo = lo; dateHi = hi;
    dateFrom.value = from && from > DATA.dates[0] ? from : DATA.dates[0];
    dateTo.value = to && to < DATA.dates[DATA.dates.length - 1] ? to : DATA.dates[DATA.dates.length - 1];
    applyView(false);
  }
  window.kgSetDates = setDates;
  if (DATA.dates.length >= 2) {
    var first = DATA.dates[0], last = DATA.dates[DATA.dates.length - 1];
    [dateFrom, dateTo].forEach(function (input) { input.min = first; input.max = last; });
    dateFrom.value = first;
    dateTo.value = last;
    var days = document.getElementById("kg-days");
    var most = 1;
    DATA.days.forEach(function (c) { most = Math.max(most, c[0] || c[1]); });
    DATA.days.forEach(function (c, k) {
      var bar = el("div", { className: "kg-day kg-in", "data-date": DATA.dates[k],
        title: DATA.dates[k] + ": " + c[0] + " reports, " + c[1] + " entities, " + c[2] + " relations" });
      bar.style.height = Math.max(2, Math.round(46 * (c[0] || c[1]) / most)) + "px";
      bar.addEventListener("click", function () { setDates(DATA.dates[k], DATA.dates[k]); });
      days.appendChild(bar);
      dayBars.push(bar);
    });
    document.getElementById("kg-days-first").textContent = first;
    document.getElementById("kg-days-last").textContent = last;
    dateFrom.addEventListener("change", function () { setDates(dateFrom.value, dateTo.value); });
    dateTo.addEventListener("change", function () { setDates(dateFrom.value, dateTo.value); });
    document.getElementById("kg-date-all").addEventListener("click", function () { setDates(first, last); });
    document.getElementById("kg-timeline").hidden = false;
  }

  // ---------------------------------------------------------------- highlight
  function loadedEdges(fn) {  // fn(edge, index) for the edges in the drawing (DataSet.update would add the others)
    var out = [];
    for (var i = 0; i < E; i++) { if (edgeLoaded[i]) { out.push(fn(DATA.edges[i], i)); } }
    return out;
  }
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var incident = {};
    adjacency[id].forEach(function (e) { incident[e] = true; });
    nodes.update(DATA.nodes.map(function (n, i) {
      return keep[i]
        ? { id: i, color: nodeColor(i), font: { color: "#222" } }
        : { id: i, color: DIM_NODE, font: { color: DIM_FONT } };
    }));
    edges.update(loadedEdges(function (e, i) {
      var c = relColor[e.r] || "#c0c0c0";
      return {
        id: i,
        color: incident[i] ? { color: c, highlight: darker(c), opacity: 1 } : { color: "#e6e6e6", highlight: "#e6e6e6", opacity: 0.3 }
      };
    }));
    dimmed = keep;
  }
  function resetHighlight() {
    if (dimmed === null) { return; }
    nodes.update(DATA.nodes.map(function (n, i) { return { id: i, color: nodeColor(i), font: { color: "#222" } }; }));
    edges.update(loadedEdges(function (e, i) {
      var c = relColor[e.r] || "#c0c0c0";
      return { id: i, color: { color: c, highlight: darker(c), opacity: 0.75 } };
    }));
    dimmed = null;
  }

  // ---------------------------------------------------------------- views: whole graph, a neighbourhood, a group
  var moved = [];  // nodes a neighbourhood layout moved, to put back
  function restorePositions() {
    if (!moved.length) { return; }
    nodes.update(moved.map(function (i) { return { id: i, x: DATA.nodes[i].x, y: -DATA.nodes[i].y }; }));
    moved = [];
  }
  function neighbourhood(centre, depth) {
    // steps along the relations shown, through nodes the type and date filters keep
    var dist = {};
    dist[centre] = 0;
    var frontier = [centre], rings = [[centre]];
    for (var d = 1; d <= depth; d++) {
      var nextRing = [];
      frontier.forEach(function (u) {
        adjacency[u].forEach(function (ei) {
          var e = DATA.edges[ei];
          if (!relOn[e.r] || !dateOk(e)) { return; }
          var v = e.f === u ? e.t : e.f;
          if (dist[v] !== undefined || !typeOn[DATA.nodes[v].t] || !dateOk(DATA.nodes[v])) { return; }
          dist[v] = d;
          nextRing.push(v);
        });
      });
      rings.push(nextRing);
      frontier = nextRing;
    }
    return { dist: dist, rings: rings };
  }
  function radialLayout(centre, rings) {
    /* the centre in the middle, its neighbours on a ring around it (grouped by relation, then
     * type), the second step on an outer ring, each beside the neighbour it is reached from */
    var cx = DATA.nodes[centre].x, cy = -DATA.nodes[centre].y;
    var angle = {}, updates = [{ id: centre, x: cx, y: cy }], radius = 0;
    angle[centre] = 0;
    for (var d = 1; d < rings.length; d++) {
      var ring = rings[d];
      if (!ring.length) { break; }
      var parentAngle = {};
      ring.forEach(function (v) {
        var best = null;
        adjacency[v].forEach(function (ei) {
          var e = DATA.edges[ei], u = e.f === v ? e.t : e.f;
          if (angle[u] !== undefined && (best === null || angle[u] < best)) { best = angle[u]; }
        });
        parentAngle[v] = best === null ? 0 : best;
      });
      ring.sort(function (a, b) {
        return parentAngle[a] - parentAngle[b] || (DATA.nodes[a].t < DATA.nodes[b].t ? -1 : DATA.nodes[a].t > DATA.nodes[b].t ? 1 : 0) ||
          DATA.nodes[b].s - DATA.nodes[a].s || a - b;
      });
      radius = Math.max(radius + 260, ring.length * 70 / (2 * Math.PI));
      ring.forEach(function (v, k) {
        var a = 2 * Math.PI * k / ring.length - Math.PI / 2;
        angle[v] = a + Math.PI / 2;
        updates.push({ id: v, x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a) });
      });
    }
    nodes.update(updates);
    moved = updates.map(function (u) { return u.id; });
  }
  function enterView(v) {
    restorePositions();
    viewSet = null;
    if (v.kind === "focus") {
      var hood = neighbourhood(v.node, v.depth);
      viewSet = {};
      Object.keys(hood.dist).forEach(function (k) { viewSet[k] = true; });
      v.size = Object.keys(hood.dist).length;
      radialLayout(v.node, hood.rings);
    } else if (v.kind === "group") {
      viewSet = {};
      DATA.nodes.forEach(function (n, i) { if (n.g === v.group) { viewSet[i] = true; } });
    }
    resetHighlight();
    applyView(true);
    renderCrumbs();
  }
  function pushView(v) {
    views.push(v);
    enterView(v);
  }
  function back() {
    if (views.length > 1) { views.pop(); }
    enterView(views[views.length - 1]);
  }
  function showNeighbourhood(i, depth) {
    var top = views[views.length - 1];
    selected = i;
    if (top.kind === "focus") { views.pop(); }  // another centre or depth replaces the neighbourhood view
    pushView({ kind: "focus", node: i, depth: depth });
    network.selectNodes([i]);
    showNode(i);
  }
  function showGroup(g) {
    var top = views[views.length - 1];
    if (top.kind === "group" || top.kind === "focus") { views.length = 1; }
    selected = null;
    network.unselectAll();
    hint();
    pushView({ kind: "group", group: g });
  }
  window.kgShowNeighbourhood = showNeighbourhood;
  window.kgShowGroup = showGroup;
  window.kgBack = back;

  var trail = document.getElementById("kg-trail");
  var backButton = document.getElementById("kg-back");
  var depthButtons = document.getElementById("kg-depth");
  function viewName(v) {
    if (v.kind === "focus") { return DATA.nodes[v.node].l + " · " + v.depth + (v.depth === 1 ? " step" : " steps") + " (" + fmt(v.size) + " nodes)"; }
    if (v.kind === "group") { return "group " + (v.group + 1) + " (" + fmt(DATA.groups[v.group].size) + " nodes)"; }
    return "Whole graph";
  }
  function renderCrumbs() {
    clear(trail);
    views.forEach(function (v, k) {
      if (k) { trail.appendChild(el("span", { className: "kg-sep" }, "›")); }
      if (k === views.length - 1) {
        trail.appendChild(el("span", { className: "kg-crumb-here" }, viewName(v)));
      } else {
        var b = el("button", { type: "button", className: "kg-crumb" }, viewName(v));
        b.addEventListener("click", function () { views.length = k + 1; enterView(views[k]); });
        trail.appendChild(b);
      }
    });
    backButton.disabled = views.length < 2;
    var top = views[views.length - 1];
    depthButtons.hidden = top.kind !== "focus";
    depthButtons.querySelectorAll("button").forEach(function (b) {
      b.classList.toggle("kg-on", top.kind === "focus" && Number(b.getAttribute("data-depth")) === top.depth);
    });
  }
  backButton.addEventListener("click", back);
  depthButtons.querySelectorAll("button").forEach(function (b) {
    b.addEventListener("click", function () {
      var top = views[views.length - 1];
      if (top.kind === "focus") { showNeighbourhood(top.node, Number(b.getAttribute("data-depth"))); }
    });
  });

  // ---------------------------------------------------------------- top entities per type
  var topBox = document.getElementById("kg-top");
  DATA.top.forEach(function (group) {
    var head = el("div", { className: "kg-top-type" });
    var sw = el("span", { className: "kg-swatch" });
    sw.style.background = typeColor[group.type] || "#c0c0c0";
    head.appendChild(sw);
    head.appendChild(el("strong", null, group.type));
    head.appendChild(el("span", { className: "kg-by" }, "by " + group.by));
    topBox.appendChild(head);
    var ul = el("ul", { className: "kg-top", "data-type": group.type });
    group.items.forEach(function (item) {
      var li = el("li");
      var b = el("button", { type: "button", "data-node": String(item[0]), title: DATA.nodes[item[0]].l });
      b.appendChild(el("span", { className: "kg-name" }, DATA.nodes[item[0]].l));
      b.appendChild(el("span", { className: "kg-count" }, fmt(item[1])));
      b.addEventListener("click", function () { focusNode(item[0]); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    topBox.appendChild(ul);
  });
  if (!DATA.top.length) { document.getElementById("kg-top-section").hidden = true; }

  // ---------------------------------------------------------------- details panel
  var panel = document.getElementById("kg-panel");
  function hint() {
    clear(panel);
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
  function datesOf(item) {
    if (!item.d || !item.d.length) { return null; }
    var a = DATA.dates[item.d[0]], b = DATA.dates[item.d[item.d.length - 1]];
    return a === b ? a : a + " – " + b + " (" + item.d.length + " days)";
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
    var when = datesOf(e);
    if (when) { head.appendChild(el("span", { className: "kg-source" }, " · " + when)); }
    li.appendChild(head);
    if (e.ev && e.ev.length) { li.appendChild(evidenceList(e)); }
    return li;
  }
  // what a relation is, seen from one end ("<" when the node is its target); symmetric ones have one name
  var SYMMETRIC = { COOPERATES: true, CO_OCCURS: true };
  var REL_HEADINGS = {
    "ROLE>": "Posts held", "ROLE<": "People and their posts",
    "IMPLEMENTS>": "Measures it implements", "IMPLEMENTS<": "Implemented by",
    "PART_OF>": "Part of", "PART_OF<": "Its parts (units, communities)",
    "USES>": "Platforms it uses", "USES<": "Used by",
    "COOPERATES": "Works with",
    "SUPPORTS>": "Supports", "SUPPORTS<": "Supported by",
    "AUTHORED>": "Reports written", "AUTHORED<": "Written by",
    "MENTIONS>": "Entities it mentions", "MENTIONS<": "Mentioned in reports",
    "CO_OCCURS": "Named in the same sentence as"
  };
  var REL_RANK = {};
  DATA.relations.forEach(function (r, k) { REL_RANK[r.name] = QUIET[r.name] || r.name === "MENTIONS" || r.name === "CO_OCCURS" ? 100 + k : k; });
  function relationGroups(i) {
    var groups = {}, order = [];
    adjacency[i].forEach(function (ei) {
      var e = DATA.edges[ei];
      var key = SYMMETRIC[e.r] ? e.r : e.r + (e.f === i ? ">" : "<");
      if (!groups[key]) { groups[key] = { key: key, relation: e.r, edges: [] }; order.push(key); }
      groups[key].edges.push(ei);
    });
    return order.map(function (k) { return groups[k]; }).sort(function (a, b) {
      return REL_RANK[a.relation] - REL_RANK[b.relation] || (a.key < b.key ? -1 : 1);
    });
  }
  function showNode(i) {
    var n = DATA.nodes[i];
    clear(panel);
    panel.appendChild(el("h2", { id: "kg-panel-title" }, n.l));
    var meta = el("div");
    meta.appendChild(chip(n.t));
    if (n.g !== undefined && DATA.groups[n.g]) {
      var gb = el("button", { type: "button", className: "kg-link kg-group-link" }, " group " + (n.g + 1));
      gb.addEventListener("click", function () { showGroup(n.g); });
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(gb);
    }
    panel.appendChild(meta);
    panel.appendChild(el("div", { className: "kg-key" }, n.k));
    var focusRow = el("div", { className: "kg-focus-buttons" });
    focusRow.appendChild(el("span", null, "Show alone with its neighbours:"));
    [1, 2].forEach(function (depth) {
      var b = el("button", { type: "button", id: "kg-focus-" + depth, "data-depth": String(depth) }, depth + (depth === 1 ? " step" : " steps"));
      b.addEventListener("click", function () { showNeighbourhood(i, depth); });
      focusRow.appendChild(b);
    });
    panel.appendChild(focusRow);
    var dl = el("dl");
    row(dl, "Type", n.t);
    row(dl, "Aliases", n.a);
    row(dl, "Mentions", n.m);
    row(dl, "Dates", datesOf(n));
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
      n.arts.slice(0, 30).forEach(function (a) { arts.appendChild(el("li", null, headline(a) ? "《" + headline(a) + "》" : a)); });
      if (n.arts.length > 30) { arts.appendChild(el("li", { className: "kg-more" }, "… " + (n.arts.length - 30) + " more reports")); }
      if (n.arts.length > 4) {  // a long list would push the relations out of sight: folded
        var fold = el("details", { className: "kg-arts" });
        fold.appendChild(el("summary", null, n.arts.length + " reports"));
        fold.appendChild(arts);
        arts = fold;
      }
      row(dl, "Articles", arts);
    }
    panel.appendChild(dl);
    panel.appendChild(el("h3", null, "Relations and evidence (" + adjacency[i].length + ")"));
    var groups = relationGroups(i);
    var typed = groups.some(function (g) { return REL_RANK[g.relation] < 100; });
    groups.forEach(function (g) {
      var box = el("details", { className: "kg-relgroup", "data-relation": g.relation, "data-key": g.key });
      box.open = !(typed && REL_RANK[g.relation] >= 100);  // the typed relations first; the quiet ones folded
      var heading = REL_HEADINGS[g.key] || (g.key.slice(-1) === "<" ? "← " + g.relation : g.relation + " →");
      var summary = el("summary", null, heading + " · " + g.relation + " (" + g.edges.length + ")");
      summary.style.color = relColor[g.relation] ? darker(relColor[g.relation]) : "#333";
      box.appendChild(summary);
      var ul = el("ul", { className: "kg-edges" });
      var list = g.edges.slice().sort(function (a, b) { return (DATA.edges[b].w || 0) - (DATA.edges[a].w || 0) || a - b; });
      list.slice(0, MAX_EDGES_PER_GROUP).forEach(function (ei) { ul.appendChild(edgeSummary(DATA.edges[ei], i)); });
      if (list.length > MAX_EDGES_PER_GROUP) {
        ul.appendChild(el("li", { className: "kg-more" }, "… " + (list.length - MAX_EDGES_PER_GROUP) + " more"));
      }
      box.appendChild(ul);
      panel.appendChild(box);
    });
    panel.scrollTop = 0;
  }
  function showEdge(ei) {
    var e = DATA.edges[ei];
    clear(panel);
    panel.appendChild(el("h2", { id: "kg-panel-title" }, e.r + (e.ti ? " (" + e.ti + ")" : "")));
    var ul = el("ul", { className: "kg-edges" });
    ul.appendChild(edgeSummary(e));
    panel.appendChild(ul);
  }

  // ---------------------------------------------------------------- selection
  function select(i) {
    selected = i;
    if (viewSet !== null && !viewSet[i]) {  // not in the group or neighbourhood shown: back to the whole graph
      views.length = 1;
      enterView(views[0]);
    }
    if (nodeHidden[i]) { applyView(false); }
    network.selectNodes([i]);
    highlight(i);
    showNode(i);
    placeLabels();
  }
  function focusNode(i) {
    setTypeVisible(DATA.nodes[i].t);
    select(i);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  }
  window.kgFocusNode = focusNode;

  network.on("click", function (params) {
    if (params.nodes.length) {
      select(params.nodes[0]);
    } else if (params.edges.length) {
      resetHighlight();
      showEdge(params.edges[0]);
      placeLabels();
    } else {
      resetHighlight();
      hint();
      placeLabels();
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) {
      var top = views[views.length - 1];
      showNeighbourhood(params.nodes[0], top.kind === "focus" ? top.depth : 1);
    }
  });

  document.getElementById("kg-reset").addEventListener("click", function () {
    resetHighlight();
    network.unselectAll();
    selected = null;
    hint();
    searchBox.value = "";
    hideResults();
    views.length = 1;
    enterView(views[0]);
  });

  // ---------------------------------------------------------------- search
  var searchBox = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var index = DATA.nodes.map(function (n, i) {
    return { i: i, names: [n.l].concat(n.a || []).map(function (s) { return String(s).toLowerCase().trim(); }) };
  });
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
    clear(results);
  }
  function showResults(found) {
    hideResults();
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

  applyView(false);
  renderCrumbs();
  setUp = true;
  markReady();
})();
