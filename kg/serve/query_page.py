"""The small query page ``kg serve`` shows at ``/``: works offline, escapes everything.

The library's queries are embedded as JSON (their text is data: it is
escaped for the HTML and the script, and results are put on the page with
``textContent``, never as HTML).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from kg.sparql.library import load_library
from kg.sparql.params import with_values

STARTER_QUERY = "award"

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>
body{font:15px system-ui,sans-serif;margin:1.5em;max-width:72em}
textarea{width:100%;height:14em;font:13px monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}
#status{color:#a00;white-space:pre-wrap}pre{background:#f4f4f4;padding:.5em;overflow:auto}
</style></head><body>
<h1>kg SPARQL endpoint</h1>
<p>The endpoint is <code>/sparql</code> (SPARQL 1.1 Protocol, read-only); kg's prefixes are predeclared.
<a href="/graph">Graph view</a>.</p>
<label>Library query <select id="library">OPTIONS</select></label>
<p id="question">QUESTION</p>
<form id="form"><textarea id="query" name="query" spellcheck="false">STARTER</textarea>
<p><button type="submit">Run</button>
Download: <a id="dl-csv" download="results.csv">CSV</a> <a id="dl-tsv" download="results.tsv">TSV</a>
<a id="dl-json" download="results.json">JSON</a> <a id="dl-xml" download="results.xml">XML</a>
<a id="dl-ttl" download="results.ttl">Turtle</a></p></form>
<div id="status"></div><div id="results"></div>
<script type="application/json" id="queries">LIBRARY</script>
<script>
const queries = JSON.parse(document.getElementById("queries").textContent);
const box = document.getElementById("query"), out = document.getElementById("results"),
      status = document.getElementById("status");
function links() {
  for (const f of ["csv", "tsv", "json", "xml", "ttl"]) {
    document.getElementById("dl-" + f).href = "/sparql?format=" + f + "&query=" + encodeURIComponent(box.value);
  }
}
document.getElementById("library").addEventListener("change", e => {
  const q = queries.find(q => q.name === e.target.value);
  box.value = q.text; document.getElementById("question").textContent = q.question; links();
});
box.addEventListener("input", links);
document.getElementById("form").addEventListener("submit", async e => {
  e.preventDefault(); status.textContent = "Running..."; out.replaceChildren();
  const r = await fetch("/sparql", {method: "POST", body: box.value, headers: {
    "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle"}});
  const text = await r.text();
  if (!r.ok) { status.textContent = r.status + ": " + text; return; }
  status.textContent = "";
  if (!(r.headers.get("Content-Type") || "").includes("json")) {
    const pre = document.createElement("pre"); pre.textContent = text; out.append(pre); return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) { out.textContent = String(data.boolean); return; }
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.append(th); }
  for (const b of data.results.bindings) {
    const row = table.insertRow();
    for (const v of data.head.vars) { row.insertCell().textContent = b[v] ? b[v].value : ""; }
  }
  const count = document.createElement("p"); count.textContent = data.results.bindings.length + " rows";
  out.append(count, table);
});
links();
</script></body></html>
"""


def query_page(queries_dir: Path | str = "queries") -> bytes:
    """The page's HTML, starting with the library's ``award`` query (or its first one, or none).

    >>> b"<textarea" in query_page("no-such-folder")
    True
    """
    library = load_library(queries_dir) if Path(queries_dir).is_dir() else []
    starter = next((q for q in library if q.name == STARTER_QUERY), library[0] if library else None)
    options = "".join(
        f'<option value="{html.escape(q.name)}"{" selected" if q is starter else ""}>{html.escape(q.name)}</option>'
        for q in library)
    # A query's "# param" defaults go into its text as a VALUES block, so the page asks what `kg query NAME` asks.
    texts = {q.name: with_values(q.text, q.params) for q in library}
    data = json.dumps([{"name": q.name, "question": q.question, "text": texts[q.name]} for q in library],
                      ensure_ascii=True)
    # "<" escaped as \\u003c, so no "</script>" inside a query can close the script element.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    values = {
        "OPTIONS": options,
        "QUESTION": html.escape(starter.question) if starter else "",
        "STARTER": html.escape(texts[starter.name]) if starter else "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
        "LIBRARY": data,
    }
    # One pass, so a query's text is never searched for the next placeholder.
    return re.sub(r"\b(OPTIONS|QUESTION|STARTER|LIBRARY)\b", lambda m: values[m.group(1)], _PAGE).encode("utf-8")
