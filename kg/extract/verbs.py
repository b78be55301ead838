"""Verbs that name what a figure measures, for kg.extract.naming's rule of doing ("sold 9,000 tonnes": sales)."""

from __future__ import annotations

# Words of doing that name what a figure measures: "sold 9,000 tonnes" (sales), "produced 40 GWh" (production).
DOING = {
    "sold": "sales", "sells": "sales", "sell": "sales", "selling": "sales",
    "produced": "production", "produces": "production", "produce": "production", "producing": "production",
    "made": "production", "makes": "production", "make": "production", "manufactured": "production",
    "manufacture": "production", "shipped": "shipments", "ships": "shipments", "ship": "shipments",
    "exported": "exports", "exports": "exports", "export": "exports", "imported": "imports", "import": "imports",
    "delivered": "deliveries", "delivers": "deliveries", "deliver": "deliveries",
    "mined": "mining output", "mines": "mining output", "mine": "mining output",
    "supplied": "supply", "supplies": "supply", "supply": "supply", "processed": "processing", "process": "processing",
    "refined": "refining output", "refine": "refining output", "recycled": "recycling", "recycle": "recycling",
    "installed": "installations", "install": "installations", "added": "additions", "add": "additions",
    "hired": "hiring", "hire": "hiring", "employs": "employees", "employing": "employees", "employ": "employees",
    "awarded": "awards", "award": "awards", "raised": "funds raised", "raise": "funds raised",
    "earned": "earnings", "earn": "earnings", "earning": "earnings", "posting": "result", "posted": "result", "spent": "spending", "spend": "spending",
    "allocated": "allocation", "allocate": "allocation", "provide": "funding", "provided": "funding",
    "granted": "grants", "grant": "grants", "bagged": "capacity awarded", "secured": "secured",
    "unlock": "private investment unlocked", "attract": "investment attracted", "attracted": "investment attracted",
    "providing": "funding", "provides": "funding", "allocating": "allocation", "allocates": "allocation",
    "generate": "generation", "generates": "generation", "generated": "generation", "generating": "generation",
    "completed": "capacity completed", "commissioned": "capacity commissioned",
}
