// -- a large page: the overview first, communities as regions, details on demand -------------------------------
// Reads kg.overview (the ids shown first) and kg.regions ([x, y, radius, name, members] of each community, whose
// members carry its index as `c`). The network holds only what is shown; these functions add to it.
var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
               "#bab0ac"];
var colourBy = "family";
var linksOf = null;  // node id -> the edges at it, made on first use

function edgesAt(id) {
  if (!linksOf) {
    linksOf = {};
    kg.edges.forEach(function (e) {
      (linksOf[e.from] = linksOf[e.from] || []).push(e);
      (linksOf[e.to] = linksOf[e.to] || []).push(e);
    });
  }
  return linksOf[id] || [];
}

function colourOf(n) {
  var fill = colourBy === "community" && n.c !== undefined ? PALETTE[n.c % PALETTE.length] : kg.colours[n.group];
  return {background: fill, border: "#374151", highlight: {background: fill, border: "#111827"},
          hover: {background: fill, border: "#111827"}};
}

// Copies: the network's data set changes its items (hidden, colour), the page's own data stays as it came.
function shownItem(id) { return Object.assign({}, byId[id], {color: colourOf(byId[id])}); }

// Add these nodes, with every link between shown nodes, then call `then` with the ids added.
function reveal(ids, then) {
  var added = revealNow(ids);
  if (then) { then(added); }
}

function revealNow(ids) {
  var added = ids.filter(function (id) { return byId[id] && nodes.get(id) === null; });
  if (!added.length) { return added; }
  added.forEach(function (id) { delete shownState.nodes[id]; });
  nodes.add(added.map(shownItem));
  var links = {};
  added.forEach(function (id) {
    edgesAt(id).forEach(function (e) {
      if (!links[e.id] && edges.get(e.id) === null && nodes.get(e.from) !== null && nodes.get(e.to) !== null) {
        links[e.id] = Object.assign({}, e);
        delete shownState.edges[e.id];
      }
    });
  });
  edges.add(Object.keys(links).map(function (id) { return links[id]; }));
  applyFilters();
  return added;
}

function showOnly(ids, then) {
  nodes.clear();
  edges.clear();
  shownState = {nodes: {}, edges: {}};
  revealNow(ids);
  if (then) { then(); }
}

var viewState = document.getElementById("view-state");
function say(text) { if (viewState) { viewState.textContent = text; } }

// A click on a node shows its neighbours (the network keeps its place: nothing moves).
function expand(id) {
  reveal(edgesAt(id).map(function (e) { return e.from === id ? e.to : e.from; }), function (added) {
    say(added.length ? byId[id].name + ": " + added.length + " neighbours added" : byId[id].name + ": every neighbour is shown");
  });
}

function communityMembers(number) {
  return kg.nodes.filter(function (n) { return n.c === number; }).map(function (n) { return n.id; });
}

function openRegion(number) {
  var members = communityMembers(number);
  reveal(members, function () {
    network.fit({nodes: members, animation: false});
    say("Community “" + kg.regions[number][3] + "”: " + members.length + " members shown");
  });
}

function openRegionAt(point) {
  var inside = -1;
  kg.regions.forEach(function (r, i) {
    var d = Math.hypot(point.x - r[0], point.y - r[1]);
    if (d <= r[2] && (inside < 0 || r[2] < kg.regions[inside][2])) { inside = i; }
  });
  if (inside >= 0) { openRegion(inside); }
}

function backToOverview() {
  docSelect.value = "";
  shownDoc = null;
  showOnly(kg.overview, function () {
    network.unselectAll();
    network.fit({animation: false});
    say("Overview: the " + kg.overview.length + " most important entities");
  });
}

// A document's subgraph: every node its quotes support (the document filter of a large page).
function documentView(doc) {
  if (doc === null) { showOnly(kg.overview, function () { network.fit({animation: false}); }); return; }
  var ids = kg.nodes.filter(function (n) { return n.d.indexOf(doc) >= 0; }).map(function (n) { return n.id; });
  showOnly(ids, function () {
    network.fit({nodes: ids.length ? ids : undefined, animation: false});
    say(kg.docs[doc].title + ": " + ids.length + " nodes");
  });
}

// A search for a document's title opens that document's subgraph.
function findDocument(text) {
  var wanted = text.trim().toLowerCase(), found = -1;
  kg.docs.forEach(function (d, i) { if (found < 0 && d.title.toLowerCase() === wanted) { found = i; } });
  if (found < 0) { return false; }
  docSelect.value = String(found);
  applyFilters();
  searchResult.textContent = "Document: " + kg.docs[found].title;
  return true;
}

// -- the regions: a tinted disc per community under the graph, its name where it fits ----------------------
function rgba(hex, alpha) {
  return "rgba(" + [1, 3, 5].map(function (i) { return parseInt(hex.substr(i, 2), 16); }).join(",") + "," + alpha + ")";
}

network.on("beforeDrawing", function (ctx) {
  if (!kg.regions) { return; }
  var scale = network.getScale();
  kg.regions.forEach(function (r, i) {
    var colour = colourBy === "community" ? PALETTE[i % PALETTE.length] : "#6b7280";
    ctx.beginPath();
    ctx.arc(r[0], r[1], r[2], 0, 2 * Math.PI);
    ctx.fillStyle = rgba(colour, colourBy === "community" ? 0.08 : 0.04);
    ctx.fill();
    ctx.lineWidth = 1 / scale;
    ctx.strokeStyle = rgba(colour, 0.3);
    ctx.stroke();
  });
});

// Called by the label pass after the nodes' labels: a region's name at the top of its disc, where it is free.
function regionNames(ctx, placed, width, height) {
  var scale = network.getScale();
  ctx.font = "600 11px system-ui, sans-serif";
  kg.regions.forEach(function (r, i) {
    if (r[2] * scale < 45) { return; }
    var text = r[3] + " · " + r[4];
    var at = network.canvasToDOM({x: r[0], y: r[1] - r[2]});
    var w = ctx.measureText(text).width + 6;
    var box = {id: "region:" + i, x: at.x - w / 2, y: at.y + 2, w: w, h: 15};
    if (box.x < 0 || box.x + box.w > width || box.y < 0 || box.y + box.h > height) { return; }
    for (var k = 0; k < placed.length; k++) { if (overlaps(box, placed[k])) { return; } }
    placed.push(box);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.strokeText(text, at.x, box.y + 2);
    ctx.fillStyle = "#6b7280";
    ctx.fillText(text, at.x, box.y + 2);
  });
}

// -- the panel's controls -----------------------------------------------------------------------------------
if (kg.overview) {
  Array.prototype.slice.call(document.querySelectorAll("#communities button")).forEach(function (button) {
    button.addEventListener("click", function () { openRegion(Number(button.getAttribute("data-region"))); });
  });
  document.getElementById("to-overview").addEventListener("click", backToOverview);
  Array.prototype.slice.call(document.querySelectorAll("#colour-by input")).forEach(function (box) {
    box.addEventListener("change", function () {
      colourBy = box.value;
      nodes.update(nodes.getIds().map(function (id) { return {id: id, color: colourOf(byId[id])}; }));
    });
  });
  // The search offers names once it is used: thousands of options in the page would slow its opening.
  search.addEventListener("focus", function () {
    var list = document.getElementById("labels");
    if (list.childNodes.length) { return; }
    var seen = {};
    kg.overview.concat(kg.nodes.map(function (n) { return n.id; })).forEach(function (id) {
      var name = byId[id].name;
      if (!seen[name]) { seen[name] = true; html("option", {value: name}, list); }
    });
    kg.docs.forEach(function (d) { if (!seen[d.title]) { seen[d.title] = true; html("option", {value: d.title}, list); } });
  }, {once: true});
  applyFilters();
}
