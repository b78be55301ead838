"""A draft -> the YAML of a facts file, deterministic: the same draft gives the same bytes.

Strings are written as YAML double-quoted scalars (JSON's escaping, which
YAML reads), ids and CURIEs plain; keys in the order of the curated files.
"""

from __future__ import annotations

import json

from kg.extract.draft import Draft

HEADER = """\
# DRAFT facts drafted by {extractor} {version} from {file}.
#
# Review before you trust it: every quote is a sentence of the source, and
# every item carries the extractor's confidence (0 to 1) to sort by. Fix or
# delete what is wrong, then delete the `draft:` block below: the file is
# then curated, and its facts lose their draft mark in the graph.
"""


def _s(value: object) -> str:
    """A YAML scalar: numbers and ids plain, text double-quoted."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def draft_yaml(draft: Draft) -> str:
    """The facts file of ``draft``, as ``kg build`` reads it.

    >>> from kg.extract.draft import Draft
    >>> print(draft_yaml(Draft("a", "a.txt", "A", "kg-rules", "0.1.0")).splitlines()[7])
    draft:
    """
    lines = HEADER.format(extractor=draft.extractor, version=draft.version, file=draft.source_file).splitlines()
    lines += ["", "draft:", f"  extractor: {draft.extractor}", f"  version: {_s(draft.version)}", "", "source:",
              f"  id: {draft.source_id}", f"  file: {_s(draft.source_file)}", f"  title: {_s(draft.title)}",
              f"  language: {draft.language}"]
    if draft.publisher:
        lines.append(f"  publisher: {draft.publisher}")
    if draft.source_quote:
        lines.append(f"  quote: {_s(draft.source_quote)}")
    if draft.publisher and draft.source_confidence is not None:
        lines.append(f"  confidence: {draft.source_confidence}")
    lines += ["", "entities:" if draft.entities else "entities: []"]
    for e in draft.entities:
        lines += [f"  - id: {e.id}", f"    class: {e.cls}", f"    label: {_s(e.label)}"]
        if e.alt_labels:
            lines.append(f"    alt_labels: [{', '.join(_s(a) for a in e.alt_labels)}]")
        lines += [f"    quote: {_s(e.quote)}", f"    confidence: {e.confidence}"]
    lines += ["", "facts:" if draft.facts else "facts: []"]
    for f in draft.facts:
        lines += [f"  - quote: {_s(f.quote)}", f"    kind: {f.kind}", f"    confidence: {f.confidence}", "    triples:"]
        for s, p, o in f.triples:
            lines.append(f"      - [{s}, {p}, {_s(o) if _is_literal(o) else o}]")
    lines += ["", "observations:" if draft.observations else "observations: []"]
    for o in draft.observations:
        lines += [f"  - quote: {_s(o.quote)}"]
        if o.id:
            lines.append(f"    id: {o.id}")
        lines += [f"    indicator: {o.indicator}", f"    area: {o.area}", f"    period: {o.period}"]
        if o.compared_with:
            lines.append(f"    compared_with: {o.compared_with}")
        if o.since:
            lines.append(f"    since: {_s(o.since)}")
        lines += [f"    unit: {o.unit}", f"    stated_as: {_s(o.stated_as)}"]
        if o.value is not None:
            lines.append(f"    value: {o.value}")
        if o.status:
            lines.append(f"    status: {o.status}")
        lines.append(f"    confidence: {o.confidence}")
    return "\n".join(lines) + "\n"


def _is_literal(obj: str) -> bool:
    """An object that is not an entity id: text, a date or a year."""
    return not (obj.replace("-", "").isalnum() and obj == obj.lower() and not obj[:1].isdigit())
