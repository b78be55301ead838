// kg's graph page. Reads `kg` (made by kg/viz/pagedata.py: page_data) and draws it with vis-network.
// Every text from the data is written with textContent or as SVG text nodes, never as markup.
"use strict";
var kgTimes = {start: performance.now()};
var container = document.getElementById("mynetwork");
var byId = {}, edgeById = {}, nodeNumber = {};
var touchesDraft = {};  // the nodes at a drafted link
var kgLoading = 0;  // a page in a folder: the files being read (folder.js)
// A large page names an edge's ends by their numbers in kg.nodes, and gives colours by class (kg.colours, read
// by overview.js): what repeated on every item, made whole here.
if (kg.overview) { kg.edges.forEach(function (e) { e.from = kg.nodes[e.from].id; e.to = kg.nodes[e.to].id; }); }
kg.nodes.forEach(function (n, i) { byId[n.id] = n; nodeNumber[n.id] = i; });
kg.edges.forEach(function (e) { edgeById[e.id] = e; if (e.draft) { touchesDraft[e.from] = touchesDraft[e.to] = true; } });
if (kg.folder) { folderStart(); }  // folder.js: what a selection shows is read when first needed
// Run `then` when what a selection of these nodes (and the links from them) shows, or a document's text, is in
// the page: at once, but for a page in a folder (folder.js).
function needDetails(ids, then) { if (kg.folder) { loadDetails(ids, then); } else { then(); } }
function needDocument(doc, then) { if (kg.folder) { loadDocument(doc, then); } else { then(); } }
// A large page (kg.overview) draws its overview first; the rest is added on demand (overview.js): the
// network only ever holds what is shown, so a corpus of thousands of documents opens as fast as a small page.
var firstIds = kg.overview ? new Set(kg.overview) : null;
var nodes = new vis.DataSet(firstIds ? kg.overview.map(shownItem) : kg.nodes);
var edges = new vis.DataSet(firstIds ? kg.edges.filter(function (e) { return firstIds.has(e.from) && firstIds.has(e.to); })
  .map(function (e) { return Object.assign({}, e); }) : kg.edges);
var network = new vis.Network(container, {nodes: nodes, edges: edges}, kg.options);
window.kgReady = false;
network.fit({animation: false});
network.once("afterDrawing", function () {
  kgTimes.firstDraw = performance.now();
  setTimeout(function () { kgTimes.idle = performance.now(); window.kgReady = true; }, 0);
});

// -- labels: drawn here, most important first, only where they fit (never over another label) --------------
// A node smaller than this on screen is named only on hover or selection. A large page shows few nodes of a
// large layout, each small on screen, and every one of them was chosen as important: named at any size, most
// important first, where its label fits (labels still never overlap).
var LABEL_MIN_RADIUS = kg.overview ? 0 : 7;
var MAX_LABELS = 400;
var order = kg.nodes.slice().sort(function (a, b) { return a.rank - b.rank; }).map(function (n) { return n.id; });
var widths = {};
var hoverId = null;
window.kgLabels = [];

function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

network.on("afterDrawing", function (ctx) {
  var ratio = network.canvas.pixelRatio || 1;
  var scale = network.getScale();
  var width = container.clientWidth, height = container.clientHeight;
  var placed = [];
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);  // screen pixels: labels keep their size at every zoom
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  function label(id, forced) {
    var body = network.body.nodes[id];
    if (!body || body.options.hidden) { return true; }
    var radius = body.options.size * scale;
    if (!forced && radius < LABEL_MIN_RADIUS) { return false; }
    var at = network.canvasToDOM({x: body.x, y: body.y});
    var size = byId[id].rank < 5 ? 13 : 12;
    ctx.font = (byId[id].rank < 5 ? "600 " : "") + size + "px system-ui, sans-serif";
    var key = id + "|" + size;
    if (widths[key] === undefined) { widths[key] = ctx.measureText(byId[id].name).width; }
    var box = {id: id, x: at.x - widths[key] / 2 - 2, y: at.y + radius + 2, w: widths[key] + 4, h: size + 4};
    if (box.x < 0 || box.x + box.w > width || box.y < 0 || box.y + box.h > height) { return true; }  // cut by an edge
    for (var i = 0; i < placed.length; i++) { if (overlaps(box, placed[i])) { return true; } }
    if (!forced) {
      for (var j = 0; j < shapes.length && byId[shapes[j].id].rank < byId[id].rank; j++) {  // more important nodes
        if (overlaps(box, shapes[j])) { return true; }
      }
    }
    placed.push(box);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.strokeText(byId[id].name, at.x, box.y + 2);
    ctx.fillStyle = forced ? "#111827" : "#1f2937";
    ctx.fillText(byId[id].name, at.x, box.y + 2);
    return true;
  }
  // The shapes of the nodes that may be named are obstacles too: a label never covers a more important node.
  var shapes = [];
  for (var k = 0; k < order.length && shapes.length < MAX_LABELS; k++) {
    var body = network.body.nodes[order[k]];
    if (!body || body.options.hidden) { continue; }
    var r = body.options.size * scale;
    if (r < LABEL_MIN_RADIUS) { break; }
    var c = network.canvasToDOM({x: body.x, y: body.y});
    shapes.push({id: order[k], x: c.x - r, y: c.y - r, w: 2 * r, h: 2 * r});
  }
  var first = [];
  if (hoverId) { first.push(hoverId); }
  network.getSelectedNodes().forEach(function (id) { first.push(id); first = first.concat(network.getConnectedNodes(id)); });
  first.forEach(function (id) { label(id, true); });
  for (var i = 0; i < order.length && placed.length < MAX_LABELS; i++) {
    if (!label(order[i], false)) { break; }  // ranked by importance, so every node after this one is smaller
  }
  if (kg.regions) { regionNames(ctx, placed, width, height); }
  ctx.restore();
  window.kgLabels = placed;
});
network.on("hoverNode", function (event) { hoverId = event.node; network.redraw(); });
network.on("blurNode", function () { hoverId = null; network.redraw(); });

// A large page's tooltips are in kg.titles (parsed at the first hover or selection), not in its items: given to
// a node or link when the pointer reaches it, before vis-network's tooltip delay has passed.
function titleOf(kind, id) {
  return kind === "node" ? kg.titles.nodes[nodeNumber[id]] : kg.titles.edges[Number(id.slice(1))];
}
if (kg.overview) {
  network.on("hoverNode", function (p) {
    if (nodes.get(p.node) && nodes.get(p.node).title === undefined) {
      needDetails([p.node], function () { if (nodes.get(p.node)) { nodes.update({id: p.node, title: titleOf("node", p.node)}); } });
    }
  });
  network.on("hoverEdge", function (p) {
    if (edges.get(p.edge) && edges.get(p.edge).title === undefined) {
      needDetails([edgeById[p.edge].from], function () {
        if (edges.get(p.edge)) { edges.update({id: p.edge, title: titleOf("edge", p.edge)}); }
      });
    }
  });
}

// -- selection: details, charts, the source ---------------------------------------------------------------
var details = document.getElementById("details");
var chartsBox = document.getElementById("charts");
var reading = document.getElementById("reading");

var selected = null;  // the id of the node or edge whose details are shown
function select(kind, id, focusFact) {
  var item = kind === "node" ? nodes.get(id) : edges.get(id);
  if (!item) { return; }
  selected = id;
  needDetails([kind === "node" ? id : item.from], function () {  // a link's facts are in the block of either end
    if (selected !== id) { return; }  // another selection came first
    details.textContent = item.title !== undefined ? item.title : titleOf(kind, id);
    showCharts(kind === "node" ? item.charts || [] : []);
    showReading(item.f || [], focusFact);
  });
}

network.on("click", function (params) {
  if (params.nodes.length) {
    select("node", params.nodes[0]);
    if (kg.overview) { expand(params.nodes[0]); }
  } else if (params.edges.length) { select("edge", params.edges[0]); }
  else if (kg.regions) { openRegionAt(params.pointer.canvas); }
});

function goToFact(fact) {
  var target = kg.facts[fact][3];
  if (kg.overview) { reveal(edgeById[target] ? [edgeById[target].from, edgeById[target].to] : [target], show); }
  else { show(); }
  function show() {
  var edge = edges.get(target);
  if (edge) {
    network.selectEdges([target]);
    network.fit({nodes: [edge.from, edge.to], animation: {duration: 300}});
    select("edge", target, fact);
  } else if (nodes.get(target)) {
    network.selectNodes([target]);
    network.focus(target, {scale: Math.max(network.getScale(), 1), animation: {duration: 300}});
    select("node", target, fact);
  }
  }
}

// -- charts (SVG, drawn here) -------------------------------------------------------------------------------
var SVG = "http://www.w3.org/2000/svg";
var SERIES_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

function el(name, attrs, parent, text) {
  var node = document.createElementNS(SVG, name);
  Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
  if (text !== undefined) { node.textContent = text; }
  if (parent) { parent.appendChild(node); }
  return node;
}

function html(name, attrs, parent, text) {
  var node = document.createElement(name);
  Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
  if (text !== undefined) { node.textContent = text; }
  if (parent) { parent.appendChild(node); }
  return node;
}

function numberText(value) {
  var places = Math.abs(value) < 10 ? 2 : 1;
  return value.toLocaleString("en-US", {maximumFractionDigits: places});
}

function niceStep(range) {
  var raw = range / 4, power = Math.pow(10, Math.floor(Math.log10(raw)));
  var unit = raw / power;
  return power * (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10);
}

function showCharts(groups) {
  chartsBox.textContent = "";
  chartsBox.hidden = !groups.length;
  groups.forEach(function (group) { chartsBox.appendChild(chart(group)); });
}

function chart(group) {
  var list = group.map(function (i) { return kg.series[i]; });
  var box = html("div", {"class": "chart", "data-series": group.join(" ")});
  html("h3", {}, box, list.length === 1 ? list[0].name : list.length + " statistics in " + list[0].axis);
  var W = 410, H = 220, L = 56, R = 16, T = 16, B = 30;
  var points = [];
  list.forEach(function (s, si) {
    s.points.forEach(function (p) { if (p[2] !== null && p[0] !== null) { points.push({s: si, p: p, v: p[2] / s.div}); } });
  });
  var years = points.map(function (q) { return q.p[0]; });
  var y0 = Math.min.apply(null, years), y1 = Math.max.apply(null, years);
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  var values = points.map(function (q) { return q.v; });
  var lo = Math.min(0, Math.min.apply(null, values)), hi = Math.max(0, Math.max.apply(null, values));
  if (lo === hi) { hi = lo + 1; }
  var step = niceStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  var x = function (year) { return L + (year - y0) / (y1 - y0) * (W - L - R); };
  var y = function (value) { return T + (hi - value) / (hi - lo) * (H - T - B); };
  var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img"}, box);
  el("title", {}, svg, list.map(function (s) { return s.name; }).join("; ") + " (" + list[0].axis + ")");
  var axis = el("g", {"class": "axis"}, svg);
  for (var v = lo; v <= hi + step / 2; v += step) {
    el("line", {x1: L, x2: W - R, y1: y(v), y2: y(v)}, axis);
    el("text", {x: L - 5, y: y(v) + 3.5, "text-anchor": "end"}, axis, numberText(v));
  }
  for (var year = Math.ceil(y0); year <= y1; year++) {
    if (years.indexOf(year) >= 0) { el("text", {x: x(year), y: H - B + 15, "text-anchor": "middle"}, axis, String(year)); }
  }
  el("text", {"class": "axis-title", x: 12, y: T + (H - T - B) / 2, "text-anchor": "middle",
              transform: "rotate(-90 12 " + (T + (H - T - B) / 2) + ")"}, axis, list[0].axis);
  var tip = html("div", {"class": "tip"});
  var kinds = {};
  list.forEach(function (s, si) {
    var color = SERIES_COLORS[si % SERIES_COLORS.length];
    var mine = points.filter(function (q) { return q.s === si; }).sort(function (a, b) { return a.p[0] - b.p[0]; });
    var actual = mine.filter(function (q) { return !q.p[5]; });
    var path = function (qs) { return qs.map(function (q) { return x(q.p[0]) + "," + y(q.v); }).join(" "); };
    if (actual.length > 1) { el("polyline", {points: path(actual), fill: "none", stroke: color, "stroke-width": 2}, svg); }
    var targets = mine.filter(function (q) { return q.p[5]; });
    if (targets.length && actual.length) {
      el("polyline", {points: path([actual[actual.length - 1]].concat(targets)), fill: "none", stroke: color,
                      "stroke-width": 1.5, "stroke-dasharray": "4 3"}, svg);
    }
    mine.forEach(function (q) {
      var p = q.p, cx = x(p[0]), cy = y(q.v);
      var words = p[1] + ": " + (p[4] ? p[4] + " " : "") + p[3] + (p[5] ? " (target)" : "") +
                  (p[6] ? " — stated as “" + p[6] + "”" : "");
      var g = el("g", {"class": "point", tabindex: "0", role: "link", "data-year": p[0], "data-value": p[2],
                       "data-fact": p[7], "data-series": group[si], "aria-label": words}, svg);
      el("title", {}, g, words);
      el("circle", {cx: cx, cy: cy, r: 11, fill: "transparent"}, g);  // an easier target than the mark alone
      if (p[5]) {
        kinds.target = true;
        el("path", {"class": "mark", d: "M" + cx + " " + (cy - 6) + "l6 6l-6 6l-6 -6z", fill: "#fff", stroke: color,
                    "stroke-width": 2}, g);
      } else if (p[4]) {
        kinds.qualified = true;
        el("circle", {"class": "mark", cx: cx, cy: cy, r: 5, fill: "#fff", stroke: color, "stroke-width": 2}, g);
      } else {
        el("circle", {"class": "mark", cx: cx, cy: cy, r: 4.5, fill: color, stroke: color, "stroke-width": 1}, g);
      }
      el("text", {"class": "value", x: cx, y: cy - 9, "text-anchor": "middle"}, g, (p[4] ? "≈" : "") + numberText(q.v));
      g.addEventListener("mouseenter", function () { tip.textContent = words; });
      g.addEventListener("focus", function () { tip.textContent = words; });
      g.addEventListener("click", function () { showPointEvidence(p[7]); });
      g.addEventListener("keydown", function (event) { if (event.key === "Enter") { showPointEvidence(p[7]); } });
    });
  });
  box.appendChild(tip);
  var keys = html("div", {"class": "keys"}, box);
  if (list.length > 1) {
    list.forEach(function (s, si) {
      html("span", {"class": "key", style: "--c: " + SERIES_COLORS[si % SERIES_COLORS.length]}, keys, s.name);
    });
  }
  if (kinds.qualified) { html("span", {}, keys, "○ ≈ a qualified value (“more than”, “nearly”…)"); }
  if (kinds.target) { html("span", {}, keys, "◇ a target"); }
  html("span", {}, keys, "Click a point for its source.");
  return box;
}

function showPointEvidence(fact) {
  var shown = Array.prototype.slice.call(document.querySelectorAll("#reading-facts li")).some(function (li) {
    return Number(li.getAttribute("data-fact")) === fact;
  });
  if (shown) { focusFact(fact); } else { showReading([fact], fact); }
}

// -- the reading pane: the source text with the quotes behind the selection highlighted ----------------
var readingDoc = document.getElementById("reading-doc");
var readingFacts = document.getElementById("reading-facts");
var readingText = document.getElementById("reading-text");
var current = {facts: [], byDoc: {}, doc: null};

function showReading(facts, focus) {
  var byDoc = {};
  facts.forEach(function (f) {
    kg.facts[f][1].forEach(function (x) {
      var doc = kg.excerpts[x][0];
      byDoc[doc] = byDoc[doc] || {};
      (byDoc[doc][x] = byDoc[doc][x] || []).push(f);
    });
  });
  var docs = Object.keys(byDoc).map(Number).sort(function (a, b) { return a - b; });
  current = {facts: facts, byDoc: byDoc, doc: null};
  reading.hidden = false;
  readingDoc.textContent = "";
  readingFacts.textContent = "";
  readingText.textContent = "";
  if (!docs.length) { readingDoc.textContent = "No quote in the sources supports this."; return; }
  var start = docs[0];
  if (focus !== undefined && kg.facts[focus][1].length) { start = kg.excerpts[kg.facts[focus][1][0]][0]; }
  if (docs.length > 1) {
    var label = html("label", {}, readingDoc, docs.length + " documents: ");
    var choose = html("select", {id: "reading-switch"}, label);
    docs.forEach(function (d) {
      var count = Object.keys(byDoc[d]).length;
      html("option", {value: String(d)}, choose, docTitle(d) + " (" + count + (count === 1 ? " quote)" : " quotes)"));
    });
    choose.value = String(start);
    choose.addEventListener("change", function () { showDocument(Number(choose.value)); });
  } else {
    html("span", {"class": "doc-title"}, readingDoc, docTitle(start));
  }
  showDocument(start, focus);
}

function docTitle(doc) { return doc >= 0 ? kg.docs[doc].title : "an unnamed source"; }

function showDocument(doc, focus) {
  current.doc = doc;
  needDocument(doc, function () { if (current.doc === doc) { showText(doc, focus); } });
}

function showText(doc, focus) {
  var marks = current.byDoc[doc];
  var excerpts = Object.keys(marks).map(Number).sort(function (a, b) {
    return (kg.excerpts[a][1] || 0) - (kg.excerpts[b][1] || 0) || a - b;
  });
  var number = {}, next = 1;
  excerpts.forEach(function (x) { marks[x].forEach(function (f) { if (!number[f]) { number[f] = next++; } }); });
  readingFacts.textContent = "";
  Object.keys(number).map(Number).sort(function (a, b) { return number[a] - number[b]; }).forEach(function (f) {
    var li = html("li", {value: String(number[f]), "data-fact": String(f), title: "Show this fact in the graph",
                         "class": kg.facts[f][2] ? "draft" : ""}, readingFacts, kg.facts[f][0]);
    li.addEventListener("click", function () { goToFact(f); });
  });
  readingText.textContent = "";
  var text = doc >= 0 ? kg.docs[doc].text : null;
  if (text === null || text === undefined) {
    html("p", {"class": "hint"}, readingText, "The text of this source is not in the page; its quotes:");
    excerpts.forEach(function (x) {
      markup(html("mark", {}, html("blockquote", {}, readingText)), x, marks[x], number, kg.excerpts[x][3]);
    });
  } else {
    highlight(Array.from(text), excerpts, marks, number);  // offsets count code points, as kg's do
  }
  focusFact(focus !== undefined && number[focus] ? focus : null);
}

function markup(mark, excerpts, facts, number, text) {
  mark.textContent = text;
  mark.setAttribute("data-excerpts", [].concat(excerpts).join(" "));
  mark.setAttribute("data-facts", facts.join(" "));
  mark.setAttribute("data-n", facts.map(function (f) { return number[f]; }).join(","));
  mark.title = facts.map(function (f) { return number[f] + ". " + kg.facts[f][0]; }).join("\n");
  if (facts.every(function (f) { return kg.facts[f][2]; })) { mark.classList.add("draft"); }
  mark.addEventListener("click", function () {  // to the first fact it supports that is not what is selected now
    goToFact(facts.filter(function (f) { return kg.facts[f][3] !== selected; })[0] || facts[0]);
  });
  return mark;
}

function highlight(chars, excerpts, marks, number) {
  var cuts = [0, chars.length];
  excerpts.forEach(function (x) {
    var e = kg.excerpts[x];
    if (e[1] !== null && e[2] !== null) { cuts.push(Math.max(0, Math.min(e[1], chars.length)), Math.max(0, Math.min(e[2], chars.length))); }
  });
  cuts = cuts.filter(function (c, i, all) { return all.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
  for (var i = 0; i + 1 < cuts.length; i++) {
    var a = cuts[i], b = cuts[i + 1];
    var covering = excerpts.filter(function (x) { return kg.excerpts[x][1] <= a && kg.excerpts[x][2] >= b; });
    var piece = chars.slice(a, b).join("");
    if (!covering.length) { readingText.appendChild(document.createTextNode(piece)); continue; }
    var facts = [];
    covering.forEach(function (x) { marks[x].forEach(function (f) { if (facts.indexOf(f) < 0) { facts.push(f); } }); });
    facts.sort(function (p, q) { return number[p] - number[q]; });
    var mark = markup(html("mark", {"data-start": String(a), "data-end": String(b)}, readingText), covering, facts, number, piece);
    // Only the first piece of a quote carries its number: a quote split by another is still one quote.
    var opens = facts.filter(function (f) { return covering.some(function (x) { return kg.excerpts[x][1] === a && marks[x].indexOf(f) >= 0; }); });
    if (opens.length) { mark.setAttribute("data-n", opens.map(function (f) { return number[f]; }).join(",")); }
    else { mark.removeAttribute("data-n"); }
  }
}

function focusFact(fact) {
  var all = Array.prototype.slice.call(readingText.querySelectorAll("mark"));
  all.forEach(function (m) { m.classList.remove("focus"); });
  var chosen = fact === null || fact === undefined ? all : all.filter(function (m) {
    return m.getAttribute("data-facts").split(" ").indexOf(String(fact)) >= 0;
  });
  chosen.forEach(function (m) { if (fact !== null && fact !== undefined) { m.classList.add("focus"); } });
  if (chosen.length) {
    var top = chosen[0].offsetTop - readingText.offsetTop;
    readingText.scrollTop = Math.max(0, top - readingText.clientHeight / 3);
  }
}

// -- search --------------------------------------------------------------------------------------------------
var search = document.getElementById("search");
var searchResult = document.getElementById("search-result");
var lowerNames = {};  // node id -> its names and aliases in lower case, made once
function names(n) {
  if (!lowerNames[n.id]) { lowerNames[n.id] = (n.a ? [n.name].concat(n.a) : [n.name]).map(function (x) { return x.toLowerCase(); }); }
  return lowerNames[n.id];
}
// A name or an alias; on a large page every node, shown or not (a search is how a reader reaches the rest).
function findNodes(text, exactOnly) {
  var wanted = text.trim().toLowerCase();
  if (!wanted) { return []; }
  var pool = kg.overview ? kg.nodes : nodes.get({filter: function (n) { return !n.hidden; }});
  var exact = pool.filter(function (n) { return names(n).indexOf(wanted) >= 0; });
  if (exact.length || exactOnly) { return exact; }
  return pool.filter(function (n) { return names(n).some(function (x) { return x.indexOf(wanted) >= 0; }); });
}
function showSearch() {
  var found = findNodes(search.value, kg.overview);
  if (!found.length && kg.overview && findDocument(search.value)) { return; }
  if (!found.length && kg.overview) { found = findNodes(search.value).slice(0, 50); }
  if (!found.length) { searchResult.textContent = search.value.trim() ? "No visible node matches." : ""; return; }
  var ids = found.map(function (n) { return n.id; });
  if (kg.overview) { reveal(ids, function () { showFound(found, ids); }); } else { showFound(found, ids); }
}
function showFound(found, ids) {
  network.selectNodes(ids);
  network.fit({nodes: ids, animation: {duration: 400}});
  if (ids.length === 1) { network.focus(ids[0], {scale: 1.2, animation: {duration: 400}}); select("node", ids[0]); }
  searchResult.textContent = found.length === 1 ? "Found: " + found[0].name : found.length + " nodes match.";
}
search.addEventListener("change", showSearch);
search.addEventListener("keydown", function (event) { if (event.key === "Enter") { showSearch(); } });

// -- filters: legend (families and classes), source document, year, curated or draft -----------------------
var classBoxes = Array.prototype.slice.call(document.querySelectorAll("#legend input[data-class]"));
var familyBoxes = Array.prototype.slice.call(document.querySelectorAll("#legend input[data-family]"));
var docSelect = document.getElementById("doc");
var yearSlider = document.getElementById("year");
var yearLabel = document.getElementById("year-label");
var modeBoxes = Array.prototype.slice.call(document.querySelectorAll("#mode input"));
var shownState = {nodes: {}, edges: {}};
var shownDoc = null;  // the document whose subgraph a large page shows

function applyFilters() {
  var hiddenClass = {};
  classBoxes.forEach(function (box) { if (!box.checked) { hiddenClass[box.getAttribute("data-class")] = true; } });
  var doc = docSelect.value === "" ? null : Number(docSelect.value);
  var year = yearSlider && Number(yearSlider.value) > 0 ? kg.years[Number(yearSlider.value) - 1] : null;
  var mode = (modeBoxes.filter(function (b) { return b.checked; })[0] || {value: "all"}).value;
  if (kg.overview && doc !== shownDoc) { shownDoc = doc; documentView(doc); }
  var nodeChanges = [], edgeChanges = [], shown = 0;
  nodes.getIds().forEach(function (id) {
    var n = byId[id];
    var hidden = hiddenClass[n.group] === true ||
      (doc !== null && n.d.indexOf(doc) < 0) ||
      (year !== null && n.years !== undefined && n.years.indexOf(year) < 0) ||
      (mode === "curated" && n.draft === true) ||
      (mode === "draft" && n.draft !== true && !touchesDraft[n.id]);
    if (!hidden) { shown++; }
    if (hidden !== (shownState.nodes[n.id] === true)) { shownState.nodes[n.id] = hidden; nodeChanges.push({id: n.id, hidden: hidden}); }
  });
  edges.getIds().forEach(function (id) {
    var e = edgeById[id];
    var hidden = (doc !== null && e.d.indexOf(doc) < 0) ||
      (mode === "curated" && e.draft === true) || (mode === "draft" && e.draft !== true);
    if (hidden !== (shownState.edges[e.id] === true)) { shownState.edges[e.id] = hidden; edgeChanges.push({id: e.id, hidden: hidden}); }
  });
  nodes.update(nodeChanges);
  edges.update(edgeChanges);
  document.getElementById("counts").textContent = shown + " of " + kg.nodes.length + " nodes shown, " +
    (kg.overview ? edges.length + " of " : "") + kg.edges.length + " edges";
  if (yearLabel) {
    yearLabel.textContent = year === null ? "all years" : String(year);
    yearSlider.setAttribute("aria-valuetext", yearLabel.textContent);
  }
  familyBoxes.forEach(function (box) {
    var members = classBoxes.filter(function (c) { return c.getAttribute("data-in") === box.getAttribute("data-family"); });
    var on = members.filter(function (c) { return c.checked; }).length;
    box.checked = on === members.length;
    box.indeterminate = on > 0 && on < members.length;
  });
}
familyBoxes.forEach(function (box) {
  box.addEventListener("change", function () {
    classBoxes.forEach(function (c) { if (c.getAttribute("data-in") === box.getAttribute("data-family")) { c.checked = box.checked; } });
    applyFilters();
  });
});
classBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
docSelect.addEventListener("change", applyFilters);
if (yearSlider) { yearSlider.addEventListener("input", applyFilters); }
modeBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
Array.prototype.slice.call(document.querySelectorAll("#legend button.open")).forEach(function (button) {
  button.addEventListener("click", function () {
    var list = button.parentNode.querySelector("ul");
    list.hidden = !list.hidden;
    button.setAttribute("aria-expanded", String(!list.hidden));
    button.textContent = list.hidden ? "▸" : "▾";
  });
});
function setAll(checked) { classBoxes.forEach(function (box) { box.checked = checked; }); applyFilters(); }
document.getElementById("show-all").addEventListener("click", function () { setAll(true); });
document.getElementById("hide-all").addEventListener("click", function () { setAll(false); });
