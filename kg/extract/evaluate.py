"""Scoring a draft facts file against the curated (gold) facts file of the same source.

Entities, observations and relations are scored separately, each with
precision (matched/pred), recall (matched/gold) and F1. Items match by
meaning, not wording: names are compared after normalisation and as sets of
content-word stems, and every pred entity is first mapped to the gold entity
it names (alias resolution), so that a relation or observation that uses a
draft's own id for a gold entity still matches.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import SourceError
from kg.extract.pairing import join_units
from kg.facts.loader import load_facts_file
from kg.facts.model import EntityDecl, FactsFile, Location, Observation, Triple
from kg.facts.quotes import normalise_quote

# The relation kinds an extractor is asked to find, by the properties that carry them.
# A kind's row counts the triples whose property is listed; "relations (listed kinds)"
# counts them all together. Add a property or a kind here and it is scored.
RELATION_KINDS: dict[str, tuple[str, ...]] = {
    "titles": ("kgo:recipient", "kgo:awardedTitle", "kgo:awardedBy", "kgo:holdsTitle"),
    "posts": ("org:heldBy", "org:postIn", "org:role"),
    "places": ("schema:containedInPlace", "kgo:jurisdiction"),
    "organisers": ("schema:organizer", "schema:sponsor"),
    "event links": ("schema:location", "kgo:participant"),
    "plants": ("kgo:plantOf", "kgo:plantIn", "kgo:projectOf", "kgo:projectIn"),
    "investments": ("kgo:company", "kgo:investor", "kgo:investsIn"),
    "agreements": ("kgo:party", "kgo:partnerOf"),
    "supply": ("kgo:supplies",),
    "subsidiaries": ("schema:parentOrganization", "schema:subOrganization"),
    "statements": ("kgo:speaker", "kgo:occasion", "schema:about"),
}
# The ontology's kinds of event (subclasses of schema:Event in ontology/kg.ttl; a test keeps the two in step):
# scored as entities and, apart, as the "events" row.
EVENT_CLASSES = frozenset({
    "kgo:Conference", "kgo:PressConference", "kgo:TitleConferral", "kgo:Inspection", "kgo:CompanyArrival",
    "kgo:Signing", "kgo:Groundbreaking", "kgo:ProductionStart", "kgo:PlantOpening",
})
LISTED = "relations (listed kinds)"
TOP_ROWS = ("entities", "events", "observations", "figures", "relations", LISTED)
# Scored elsewhere (indicators with observations, statements as relations), or
# groupings a curator adds rather than things a text names.
UNSCORED_CLASSES = frozenset({"kgo:Indicator", "kgo:Statement", "skos:ConceptScheme", "skos:Collection"})
STOP_WORDS = frozenset(
    "the of and in for a an to by on at with from as its their his her is was were be been or this that".split()
)
ENTITY_SIMILARITY = 0.6
INDICATOR_SIMILARITY = 0.5
LITERAL_SIMILARITY = 0.6
_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")


def normalise_name(name: str) -> str:
    """A name as names are compared: case, quotes, possessives, punctuation and a leading "the" folded.

    >>> normalise_name("The Riverton’s  Sodium-Battery (Hub)")
    'riverton sodium battery hub'
    """
    text = re.sub(r"'s\b", "", normalise_quote(name).casefold())
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    return text[4:] if text.startswith("the ") else text


@lru_cache(maxsize=4096)
def stems(name: str) -> frozenset[str]:
    """The content words of a name, naively stemmed.

    >>> sorted(stems("Companies of the battery industries, in Riverton"))
    ['battery', 'company', 'industry', 'riverton']
    """
    words = set()
    for word in normalise_name(name).split():
        if word in STOP_WORDS:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and len(word) > 3:
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of two names' stem sets: 2|A∩B| / (|A|+|B|); 0.0 if either is empty.

    >>> similarity("Output value of the battery industry", "Battery production value")
    0.5714285714285714
    """
    sa, sb = stems(a), stems(b)
    return 2 * len(sa & sb) / (len(sa) + len(sb)) if sa and sb else 0.0


def _names(entity: EntityDecl | None, fallback: str) -> list[str]:
    return [entity.label, *entity.alt_labels] if entity else [fallback.replace("-", " ")]


def _best_similarity(a: list[str], b: list[str]) -> float:
    return max(similarity(x, y) for x in a for y in b)


def _assign(candidates: Iterable[tuple[Any, Hashable, Hashable]], pairs: dict | None = None) -> dict:
    """Greedy one-to-one matching: candidates ``(sort key, gold, pred)`` in key order are added to
    ``pairs`` (pred -> gold) unless either side is already paired; returns the pairs."""
    pairs = dict(pairs or {})
    taken = set(pairs.values())
    for _, gold, pred in sorted(candidates, key=lambda c: c[0]):
        if gold not in taken and pred not in pairs:
            pairs[pred] = gold
            taken.add(gold)
    return pairs


def match_entities(gold: list[EntityDecl], pred: list[EntityDecl], gold_texts: dict[str, str] | None = None,
                   pred_texts: dict[str, str] | None = None) -> dict[str, str]:
    """Map pred entity ids to gold ids, one to one: same id; else an equal normalised
    name (label or alt label, same class first); else the same class and the best
    name similarity >= 0.6, highest first; else, for entities that have a text
    (statements: their ``schema:text``), texts of similarity >= 0.6, since two
    statements are the same when they say the same words. Ties break on the ids.
    """
    g = {e.id: e for e in reversed(gold)}  # the first declaration wins
    p = {e.id: e for e in reversed(pred)}
    pairs = _assign(((i,), i, i) for i in p if i in g)
    names = {(side, e.id): {normalise_name(n) for n in _names(e, e.id)} - {""}
             for side, es in (("g", g), ("p", p)) for e in es.values()}
    pairs = _assign((((ge.cls != pe.cls, gi, pi), gi, pi) for gi, ge in g.items() for pi, pe in p.items()
                     if names["g", gi] & names["p", pi]), pairs)
    scored = (((-s, gi, pi), gi, pi) for gi, ge in g.items() for pi, pe in p.items() if ge.cls == pe.cls
              and (s := _best_similarity(_names(ge, gi), _names(pe, pi))) >= ENTITY_SIMILARITY)
    pairs = _assign(scored, pairs)
    gold_texts, pred_texts = gold_texts or {}, pred_texts or {}
    said = (((-s, gi, pi), gi, pi) for gi, gt in gold_texts.items() for pi, pt in pred_texts.items()
            if gi in g and pi in p and g[gi].cls == p[pi].cls and (s := similarity(gt, pt)) >= ENTITY_SIMILARITY)
    return _assign(said, pairs)


def _texts(f: FactsFile) -> dict[str, str]:
    """Each entity's schema:text (what a statement says), for matching statements by their words."""
    return {t.subject: t.obj for fact in f.facts for t in fact.triples if t.prop == "schema:text"}


@dataclass(frozen=True)
class Score:
    """One row: precision = matched/pred, recall = matched/gold, F1 their harmonic mean.

    A ratio whose denominator is 0 is 0.0 (not 1.0, even when both are empty); so is F1 when P+R is 0.

    >>> Score(gold=3, pred=2, matched=2).f1
    0.8
    """

    gold: int
    pred: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Item:
    """A missed or extra item: its id (entity id; indicator area period; s p o), a readable text, where it is."""

    id: str
    text: str
    location: Location


@dataclass
class Evaluation:
    """Scores by row (entities, observations, relations, listed kinds, then each kind), missed and extra items."""

    gold: FactsFile
    pred: FactsFile
    scores: dict[str, Score]
    missed: dict[str, list[Item]]
    extra: dict[str, list[Item]]
    aliases: dict[str, str]  # pred id -> the gold id it names, where they differ
    figure_pairs: list[tuple[Observation, Observation]] = field(default_factory=list)  # (gold, pred), matched
    resolve: dict[str, str] = field(default_factory=dict)  # pred id -> gold id, all of them

    def agreement(self) -> tuple[int, int, int]:
        """Of the matched figures: how many, how many with the subject (area) right, how many with the period right."""
        subject = sum(1 for g, p in self.figure_pairs if self.resolve.get(p.area, p.area) == g.area)
        period = sum(1 for g, p in self.figure_pairs if p.period == g.period)
        return len(self.figure_pairs), subject, period

    def table(self) -> str:
        """kg eval's table: the scores in aligned columns, then the missed and the extra items with their file:line."""
        draft = self.pred.draft
        by = f" (draft by {draft.extractor} {draft.version})" if draft else ""
        lines = [f"{self.pred.path}{by} against {self.gold.path}", ""]
        names = {name: name if name in TOP_ROWS else f"  {name}"
                 for name in self.scores}
        width = max(len(n) for n in names.values())
        lines.append(f"{'':<{width}}  {'gold':>5}  {'pred':>5}  {'matched':>7}  {'precision':>9}  {'recall':>6}  {'F1':>5}")
        for name, s in self.scores.items():
            # A ratio of nothing is shown "-", not 0.000: no gold and no prediction is not a failure.
            p, r = _ratio(s.precision, s.pred), _ratio(s.recall, s.gold)
            f1 = _ratio(s.f1, s.pred or s.gold)
            lines.append(f"{names[name]:<{width}}  {s.gold:>5}  {s.pred:>5}  {s.matched:>7}  {p:>9}  {r:>6}  {f1:>5}")
        n, subject, period = self.agreement()
        if n:
            lines.append(f"of the {n} matched figures: subject right {subject / n:.3f}, period right {period / n:.3f}")
        for title, items in (("Missed (in gold, not matched)", self.missed),
                             ("Extra (in pred, not matched)", self.extra)):
            lines += ["", title]
            for category, found in items.items():
                lines.append(f"  {category}: {len(found)}")
                lines += [f"    {i.text}  ({i.location})" for i in found]
        return "\n".join(lines) + "\n"

    def as_data(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        draft = self.pred.draft
        return {
            "gold": str(self.gold.path), "pred": str(self.pred.path),
            "extractor": f"{draft.extractor} {draft.version}" if draft else None,
            "scores": {name: {"gold": s.gold, "pred": s.pred, "matched": s.matched, "precision": s.precision,
                              "recall": s.recall, "f1": s.f1} for name, s in self.scores.items()},
            **{side: {category: [{"id": i.id, "text": i.text, "location": str(i.location)} for i in items]
                      for category, items in getattr(self, side).items()} for side in ("missed", "extra")},
            "aliases": self.aliases,
            "figures_agreement": dict(zip(("matched", "subject_right", "period_right"), self.agreement())),
        }


def _ratio(value: float, denominator: int) -> str:
    """A ratio as kg eval's table shows it: three decimals, or "-" where its denominator is 0."""
    return f"{value:.3f}" if denominator else "-"


def _entity_items(f: FactsFile, ids: Iterable[str]) -> list[Item]:
    by_id = {e.id: e for e in reversed(f.entities)}
    return [Item(i, f'{i} ({by_id[i].cls}) "{by_id[i].label}"', by_id[i].location) for i in ids]


def _observation_item(f: FactsFile, o: Observation) -> Item:
    labels = {e.id: e.label for e in reversed(f.entities)}
    text = f"{labels.get(o.indicator, o.indicator)}, {labels.get(o.area, o.area)}, {o.period}: {o.stated_as}"
    return Item(f"{o.indicator} {o.area} {o.period}", text, o.location)


def _relations(f: FactsFile, resolve: dict[str, str]) -> dict[tuple[str, str, str, bool], Triple]:
    """The file's distinct triples, keyed by (s, p, o, o is an entity) after alias resolution."""
    ids = {e.id for e in f.entities}
    found: dict[tuple[str, str, str, bool], Triple] = {}
    for t in (t for fact in f.facts for t in fact.triples):
        entity = t.obj in ids
        key = (resolve.get(t.subject, t.subject), t.prop, resolve.get(t.obj, t.obj) if entity else t.obj, entity)
        found.setdefault(key, t)
    return found


def _literal_score(gold: str, pred: str) -> float:
    gold, pred = gold.strip(), pred.strip()
    if gold == pred:
        return 1.0
    if _DATE.fullmatch(gold) or _DATE.fullmatch(pred):
        return 0.0  # dates and years compare as text: 2024-05-12 is not "similar" to 2024-05-13
    return 1.0 if normalise_name(gold) and normalise_name(gold) == normalise_name(pred) else similarity(gold, pred)


def _match_relations(gold: dict, pred: dict) -> dict:
    by_sp: dict[tuple[str, str], list] = {}
    for key in pred:
        by_sp.setdefault(key[:2], []).append(key)
    candidates = []
    for g in gold:
        for p in by_sp.get(g[:2], []):
            score = (1.0 if g == p else 0.0) if g[3] or p[3] else _literal_score(g[2], p[2])
            if score >= LITERAL_SIMILARITY:
                candidates.append(((-score, g, p), g, p))
    return _assign(candidates)


def _match_observations(gold: FactsFile, pred: FactsFile, resolve: dict[str, str]) -> dict[int, int]:
    g_ent = {e.id: e for e in reversed(gold.entities)}
    p_ent = {e.id: e for e in reversed(pred.entities)}
    candidates = []
    for gi, g in enumerate(gold.observations):
        for pi, p in enumerate(pred.observations):
            if (resolve.get(p.area, p.area), p.period, p.unit) != (g.area, g.period, g.unit) \
                    or abs(p.value) != abs(g.value):  # a sign the gold adds (value: -2) is not read
                continue
            score = 1.0 if resolve.get(p.indicator, p.indicator) == g.indicator else _best_similarity(
                _names(g_ent.get(g.indicator), g.indicator), _names(p_ent.get(p.indicator), p.indicator))
            if score >= INDICATOR_SIMILARITY:
                candidates.append(((-score, gi, pi), gi, pi))
    return _assign(candidates)


def _quotes_overlap(a: str, b: str) -> bool:
    a, b = normalise_name(a), normalise_name(b)
    return bool(a and b) and (a in b or b in a)


def _match_figures(gold: FactsFile, pred: FactsFile, resolve: dict[str, str]) -> dict[int, int]:
    """Figures match on unit and absolute value, from the same words (quotes that overlap) or of a like indicator
    (similarity >= 0.5) or of the same subject and year; the subject and year are then scored apart."""
    g_ent = {e.id: e for e in reversed(gold.entities)}
    p_ent = {e.id: e for e in reversed(pred.entities)}
    candidates = []
    for gi, g in enumerate(gold.observations):
        for pi, p in enumerate(pred.observations):
            if p.unit != g.unit or abs(p.value) != abs(g.value):
                continue
            area, period = resolve.get(p.area, p.area) == g.area, p.period == g.period
            like = 1.0 if resolve.get(p.indicator, p.indicator) == g.indicator else _best_similarity(
                _names(g_ent.get(g.indicator), g.indicator), _names(p_ent.get(p.indicator), p.indicator))
            words = _quotes_overlap(g.quote, p.quote)
            if words or like >= INDICATOR_SIMILARITY or (area and period):
                candidates.append(((not words, not area, not period, -like, gi, pi), gi, pi))
    return _assign(candidates)


def _match_events(gold: FactsFile, pred: FactsFile, hits: dict[str, str]) -> dict[str, str]:
    """Events (EVENT_CLASSES): the entity matches, then an event of the same kind quoting the same words."""
    g_events = {e.id: e for e in reversed(gold.entities) if e.cls in EVENT_CLASSES}
    p_events = {e.id: e for e in reversed(pred.entities) if e.cls in EVENT_CLASSES}
    pairs = {p: g for p, g in hits.items() if p in p_events and g in g_events}
    return _assign((((gi, pi), gi, pi) for gi, ge in g_events.items() for pi, pe in p_events.items()
                    if ge.cls == pe.cls and _quotes_overlap(ge.quote, pe.quote)), pairs)


def _same_source(gold: FactsFile, pred: FactsFile) -> None:
    if gold.source.sha256 != pred.source.sha256:
        raise SourceError(
            f"{gold.path} and {pred.path} quote different sources ({gold.source.path}, sha256 "
            f"{gold.source.sha256[:12]}; {pred.source.path}, sha256 {pred.source.sha256[:12]}); "
            "score a draft against the gold file of the same document"
        )


def evaluate(gold: FactsFile, pred: FactsFile) -> Evaluation:
    """Score ``pred`` (a draft) against ``gold``, with missed and extra items.

    Entities (not of UNSCORED_CLASSES) match by ``match_entities``, which also maps
    the draft's ids to gold ids for the rest. Observations match on area, year, unit
    and absolute value, with the same indicator or labels of similarity >= 0.5. Figures
    are the same observations matched more loosely (``_match_figures``: unit and value,
    from the same words), so that ``Evaluation.agreement`` can say how often a found
    figure has its subject and its year right. Events are entities of EVENT_CLASSES,
    matched as entities or by kind and quote. Relations are each file's distinct triples; they match on subject and property,
    and the same entity or a literal of similarity >= 0.6 (dates and years: the
    same text). All matching is one to one, best first, ties broken by order.

    Raises SourceError when the two files quote different source texts (by sha256).
    """
    _same_source(gold, pred)
    mapping = join_units(gold, pred, match_entities(gold.entities, pred.entities, _texts(gold), _texts(pred)))
    scores: dict[str, Score] = {}
    missed: dict[str, list[Item]] = {}
    extra: dict[str, list[Item]] = {}

    g_ids = list(dict.fromkeys(e.id for e in gold.entities if e.cls not in UNSCORED_CLASSES))
    p_ids = list(dict.fromkeys(e.id for e in pred.entities if e.cls not in UNSCORED_CLASSES))
    # A hit pairs two scored entities: a draft's entity mapped to, say, a gold indicator is extra here.
    hits = {p: g for p, g in mapping.items() if p in p_ids and g in g_ids}
    scores["entities"] = Score(len(g_ids), len(p_ids), len(hits))
    hit_gold = set(hits.values())
    missed["entities"] = _entity_items(gold, [i for i in g_ids if i not in hit_gold])
    extra["entities"] = _entity_items(pred, [i for i in p_ids if i not in hits])

    events = _match_events(gold, pred, hits)
    n_gold = len({e.id for e in gold.entities if e.cls in EVENT_CLASSES})
    n_pred = len({e.id for e in pred.entities if e.cls in EVENT_CLASSES})
    scores["events"] = Score(n_gold, n_pred, len(events))

    obs = _match_observations(gold, pred, mapping)
    scores["observations"] = Score(len(gold.observations), len(pred.observations), len(obs))
    hit_gold = set(obs.values())
    missed["observations"] = [_observation_item(gold, o) for i, o in enumerate(gold.observations) if i not in hit_gold]
    extra["observations"] = [_observation_item(pred, o) for i, o in enumerate(pred.observations) if i not in obs]

    figures = _match_figures(gold, pred, mapping)
    scores["figures"] = Score(len(gold.observations), len(pred.observations), len(figures))
    pairs = [(gold.observations[g], pred.observations[p]) for p, g in sorted(figures.items())]

    # An event matched by its kind and words (not by its label) is the gold's event in its relations too.
    g_rel, p_rel = _relations(gold, {}), _relations(pred, {**mapping, **events})
    rel = _match_relations(g_rel, p_rel)
    listed = {prop for props in RELATION_KINDS.values() for prop in props}
    for name, props in (("relations", None), (LISTED, listed), *RELATION_KINDS.items()):
        scores[name] = Score(*(sum(1 for k in keys if props is None or k[1] in props)
                               for keys in (g_rel, p_rel, rel)))
    hit_gold = set(rel.values())
    missed["relations"] = [_relation_item(t, k[3]) for k, t in g_rel.items() if k not in hit_gold]
    extra["relations"] = [_relation_item(t, k[3]) for k, t in p_rel.items() if k not in rel]
    aliases = {p: g for p, g in sorted(mapping.items()) if p != g}
    return Evaluation(gold, pred, scores, missed, extra, aliases, pairs, dict(mapping))


def _relation_item(t: Triple, entity: bool) -> Item:
    text = f"{t.subject} {t.prop} {t.obj}" if entity else f'{t.subject} {t.prop} "{t.obj}"'
    return Item(text, text, t.location)


def sources_beside(path: Path) -> Path:
    """The sources folder of a facts file: ``<its folder>/../sources``.

    >>> str(sources_beside(Path("data/facts/001_article.yaml")))
    'data/sources'
    """
    return Path(os.path.normpath(path.parent / ".." / "sources"))


def load_facts(path: Path, sources_dir: Path | None = None) -> FactsFile:
    """Load a facts file with its source, read from ``sources_dir`` or else ``sources_beside(path)``.

    Raises SourceError for a file that does not load (missing, malformed, no source).
    """
    return load_facts_file(path, sources_dir or sources_beside(path))


def evaluate_files(gold_path: Path, pred_path: Path, sources_dir: Path | None = None) -> Evaluation:
    """Load two facts files and ``evaluate`` them. Without ``sources_dir`` each file's source
    is read from ``sources_beside`` it, except that a draft whose folder has no such sibling
    (a draft in /tmp, say) reads the gold file's.

    Raises SourceError for a file that does not load or sources that differ.
    """
    gold_sources = sources_dir or sources_beside(gold_path)
    pred_sources = sources_dir or sources_beside(pred_path)
    if not pred_sources.is_dir():
        pred_sources = gold_sources
    return evaluate(load_facts(gold_path, gold_sources), load_facts(pred_path, pred_sources))

