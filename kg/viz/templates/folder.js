// -- a page in a folder (kg/viz/folder.py): the overview is in the page, the rest in the folder beside it ----------
// kg.folder is the folder's name; kg.ids, kg.names, kg.aliases and kg.cs give every node's id, name, aliases and
// community, kg.blockOf each community's block. A block is a script, loaded by <script src> (a page opened from
// file:// may load its siblings so; not by fetch), that hands its data to kgBlock: b<N> the items, links and
// tooltips of a block of communities, f<N> their facts, quotes and statistics, d<N> a group of documents' texts
// and the nodes each supports. Node, link, fact, quote and statistic numbers are the one-file page's.
var loadedBlocks = {}, waitingFor = {};

function folderStart() {
  kg.ids.forEach(function (id, i) { nodeNumber[id] = i; });
  kg.facts = {};
  kg.excerpts = {};
  kg.series = {};
  kg.titles = {nodes: {}, edges: {}};
  kg.docNodes = {};
  linksOf = {};
  merge(kg.first);
}

function merge(block) {
  Object.keys(block.nodes || {}).forEach(function (i) { byId[block.nodes[i].id] = block.nodes[i]; });
  Object.keys(block.edges || {}).forEach(function (j) {
    var e = block.edges[j];
    if (edgeById[e.id]) { return; }  // a link between two blocks is in both
    e.from = kg.ids[e.from];
    e.to = kg.ids[e.to];
    edgeById[e.id] = e;
    link(e);
    if (e.draft) { touchesDraft[e.from] = touchesDraft[e.to] = true; }
  });
  ["facts", "excerpts", "series"].forEach(function (key) { Object.assign(kg[key], block[key] || {}); });
  if (block.titles) {
    Object.assign(kg.titles.nodes, block.titles.nodes);
    Object.assign(kg.titles.edges, block.titles.edges);
  }
  Object.keys(block.texts || {}).forEach(function (d) { kg.docs[d].text = block.texts[d]; });
  Object.assign(kg.docNodes, block.supports || {});
  if (block.nodes) { order = rankOrder(); }
}

// Called by each block's script.
function kgBlock(name, block) { merge(block); loadedBlocks[name] = true; }

function loadBlocks(ids, details, then) {
  var names = {};
  ids.forEach(function (id) {
    var number = nodeNumber[id];
    if (number === undefined) { return; }
    var block = kg.blockOf[kg.cs[number]];
    names["b" + block] = true;
    if (details) { names["f" + block] = true; }
  });
  load(Object.keys(names).sort(), then);
}

function loadDocument(doc, then) { load(["d" + Math.floor(doc / kg.docGroup)], then); }

function load(names, then) {
  var missing = names.filter(function (name) { return !loadedBlocks[name]; });
  var left = missing.length;
  if (!left) { then(); return; }
  missing.forEach(function (name) {
    loadScript(name, function () { if (--left === 0) { then(); } });
  });
}

function loadScript(name, done) {
  if (waitingFor[name]) { waitingFor[name].push(done); return; }
  waitingFor[name] = [done];
  kgLoading++;
  var script = document.createElement("script");
  script.src = kg.folder + "/" + name + ".js";
  script.onload = function () {
    var calls = waitingFor[name];
    delete waitingFor[name];
    calls.forEach(function (call) { call(); });
    kgLoading--;  // after the calls, which may load more: a test waits for none left
  };
  script.onerror = function () {
    delete waitingFor[name];
    kgLoading--;
    say("Could not read " + script.src + ": the page reads its folder, " + decodeURIComponent(kg.folder) +
        ", from beside it; keep them together.");
  };
  document.head.appendChild(script);
}
