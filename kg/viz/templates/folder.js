// -- a page in a folder (kg/viz/folder.py): what a selection shows is in the folder beside the page -------------
// kg.folder is the folder's name. Its files are scripts, loaded by <script src> (a page opened from file:// may
// load its siblings so; not by fetch), that hand their data to kgBlock: f<N> the tooltips, facts, quotes and
// statistics of the nodes numbered N * kg.detailNodes on (and of the links from them), d<N> the texts of a group
// of kg.docGroup documents. Fact, quote and statistic numbers are the one-file page's.
var loadedBlocks = {}, waitingFor = {};

function folderStart() {
  kg.facts = {};
  kg.excerpts = {};
  kg.series = {};
}

// Called by each file's script.
function kgBlock(name, block) {
  ["facts", "excerpts", "series"].forEach(function (key) { Object.assign(kg[key], block[key] || {}); });
  if (block.titles) {
    Object.assign(kg.titles.nodes, block.titles.nodes);
    Object.assign(kg.titles.edges, block.titles.edges);
  }
  Object.keys(block.texts || {}).forEach(function (d) { kg.docs[d].text = block.texts[d]; });
  loadedBlocks[name] = true;
}

function loadDetails(ids, then) {
  var names = {};
  ids.forEach(function (id) { if (nodeNumber[id] !== undefined) { names["f" + Math.floor(nodeNumber[id] / kg.detailNodes)] = true; } });
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
