"""A draft for review: every item with the rule that made it and its confidence, the least sure last.

``kg extract --explain`` prints this list, so that a reviewer reads the
items most likely to be right first and spends the time on the doubtful
ones at the end.
"""

from __future__ import annotations

from kg.extract.draft import Draft

# How observations are made (kg/extract/observations.py): a number, its unit and what it counts.
FIGURE_RULE = "a figure with its unit, indicator, subject and period"


def explain(draft: Draft, width: int = 60) -> str:
    """One line per item: confidence, kind, the item, the rule that made it, then the start of its quote.

    >>> from kg.extract.draft import DraftEntity, DraftFact
    >>> d = Draft("a", "a.txt", "A", "kg-rules", "0")
    >>> d.entities.append(DraftEntity("riverton", "kgo:City", "Riverton", "in Riverton", 0.75, rule="the gazetteer"))
    >>> d.facts.append(DraftFact("Riverton, Austria", [("riverton", "schema:containedInPlace", "austria")], 0.5,
    ...                          "place-gazetteer"))
    >>> print(explain(d))
    0.75  entity       kgo:City Riverton  [the gazetteer]  "in Riverton"
    0.50  fact         riverton schema:containedInPlace austria  [place-gazetteer]  "Riverton, Austria"
    """
    rows: list[tuple[float, int, str]] = []
    for entity in draft.entities:
        rule = entity.rule or ("the indicator of a figure" if entity.cls == "kgo:Indicator" else "a rule")
        rows.append((entity.confidence, len(rows), _line(entity.confidence, "entity", f"{entity.cls} {entity.label}",
                                                         rule, entity.quote, width)))
    for fact in draft.facts:
        for s, p, o in fact.triples:
            rows.append((fact.confidence, len(rows), _line(fact.confidence, "fact", f"{s} {p} {o}", fact.kind,
                                                           fact.quote, width)))
    for obs in draft.observations:
        what = f"{obs.indicator} of {obs.area}, {obs.period}: {obs.stated_as}" + (f" ({obs.status})" if obs.status else "")
        rows.append((obs.confidence, len(rows), _line(obs.confidence, "observation", what, FIGURE_RULE, obs.quote,
                                                      width)))
    # Most sure first; equal confidence keeps the draft's order (entities, facts, observations, in the text's order).
    return "\n".join(line for _, _, line in sorted(rows, key=lambda r: (-r[0], r[1])))


def _line(confidence: float, kind: str, what: str, rule: str, quote: str, width: int) -> str:
    quote = " ".join(quote.split())
    quote = quote if len(quote) <= width else quote[: width - 3] + "..."
    return f"{confidence:.2f}  {kind:<11}  {what}  [{rule}]  \"{quote}\""
