"""Pairing a draft's plants, projects and joint ventures with the gold's where their names do not pair them: by
what they are of and where they are; and agreements by their parties (kg eval, kg.extract.evaluate)."""

from __future__ import annotations

from kg.facts.model import FactsFile

UNIT_CLASSES = frozenset({"kgo:Plant", "kgo:Project", "kgo:JointVenture"})
OWNER_PROPS = ("kgo:plantOf", "kgo:projectOf")
SITE_PROPS = ("kgo:plantIn", "kgo:projectIn")


def _links(f: FactsFile, props: tuple[str, ...], resolve: dict[str, str]) -> dict[str, set[str]]:
    """Each subject's objects by ``props``, the objects resolved."""
    found: dict[str, set[str]] = {}
    for t in (t for fact in f.facts for t in fact.triples if t.prop in props):
        found.setdefault(t.subject, set()).add(resolve.get(t.obj, t.obj))
    return found


def join_units(gold: FactsFile, pred: FactsFile, mapping: dict[str, str]) -> dict[str, str]:
    """Pair plants, projects and joint ventures that names did not pair, by what they are of and where.

    A plant is named many ways ("Acme's Riverton battery plant", "the Acme module facility in Bluewave Province",
    "Acme One"), and a name similarity misses most of them; but when a company has one unpaired plant in the gold
    and one in the draft, they are that company's plant. Of each owner (kgo:plantOf, kgo:projectOf, after the
    names' pairing), the unpaired units pair first by the same site (kgo:plantIn, kgo:projectIn) where that
    tells one pair apart, then the one left on each side, if one is. Returns ``mapping`` with the new pairs added.
    """
    pairs = dict(mapping)
    taken = set(pairs.values())
    units = {side: [e.id for e in f.entities if e.cls in UNIT_CLASSES] for side, f in (("g", gold), ("p", pred))}
    g_owner, p_owner = _links(gold, OWNER_PROPS, {}), _links(pred, OWNER_PROPS, pairs)
    g_site, p_site = _links(gold, SITE_PROPS, {}), _links(pred, SITE_PROPS, pairs)
    free_g = list(dict.fromkeys(i for i in units["g"] if i not in taken))
    free_p = list(dict.fromkeys(i for i in units["p"] if i not in pairs))
    for owner in sorted({o for i in free_g for o in g_owner.get(i, ())}):
        gs = [i for i in free_g if owner in g_owner.get(i, ()) and i not in taken]
        ps = [i for i in free_p if owner in p_owner.get(i, ()) and i not in pairs]
        for g in gs:  # the same site first, when it tells one pair apart
            same = [p for p in ps if g_site.get(g, set()) & p_site.get(p, set())]
            if len(same) == 1 and [o for o in gs if g_site.get(o, set()) & p_site.get(same[0], set())] == [g]:
                pairs[same[0]] = g
        taken.update(pairs.values())
        gs, ps = [g for g in gs if g not in taken], [p for p in ps if p not in pairs]
        if len(gs) == 1 and len(ps) == 1:  # then the one left on each side
            pairs[ps[0]] = gs[0]
            taken.add(gs[0])
    return _join_agreements(gold, pred, _join_by_site(gold, pred, pairs, g_site, p_site))


def _join_by_site(gold: FactsFile, pred: FactsFile, pairs: dict[str, str], g_site: dict[str, set[str]],
                  p_site: dict[str, set[str]]) -> dict[str, str]:
    """Pair the units left unpaired of the same class at the same site, where each side has one there: a plant the
    draft gives the parent company ("Acme's plant in Riverton") and the gold its subsidiary ("Acme Morocco's plant
    in Riverton") is the one plant at that site."""
    taken = set(pairs.values())
    classes = {side: {e.id: e.cls for e in f.entities if e.cls in UNIT_CLASSES} for side, f in (("g", gold), ("p", pred))}
    free_g = [i for i in dict.fromkeys(classes["g"]) if i not in taken]
    free_p = [i for i in dict.fromkeys(classes["p"]) if i not in pairs]
    for site in sorted({s for i in free_g for s in g_site.get(i, ())}):
        gs = [i for i in free_g if site in g_site.get(i, ())]
        ps = [i for i in free_p if site in p_site.get(i, ())]
        if len(gs) == 1 and len(ps) == 1 and classes["g"][gs[0]] == classes["p"][ps[0]] \
                and gs[0] not in taken and ps[0] not in pairs:
            pairs[ps[0]] = gs[0]
            taken.add(gs[0])
    return pairs


def _join_agreements(gold: FactsFile, pred: FactsFile, pairs: dict[str, str]) -> dict[str, str]:
    """Pair agreements that names did not pair, by their parties: an agreement is named many ways ("Strategic
    cooperation agreement between Acme and Bluewave", "the Acme-Bluewave pact"), but where the gold and the draft
    each have one unpaired agreement of the same parties (kgo:party, after the other pairings; two at least in
    common, or the one each names), they are that agreement."""
    taken = set(pairs.values())
    ids = {side: [e.id for e in f.entities if e.cls == "kgo:Agreement"] for side, f in (("g", gold), ("p", pred))}
    g_party, p_party = _links(gold, ("kgo:party",), {}), _links(pred, ("kgo:party",), pairs)
    for g in (i for i in dict.fromkeys(ids["g"]) if i not in taken):
        want = g_party.get(g, set())
        same = [p for p in dict.fromkeys(ids["p"]) if p not in pairs
                and len(want & p_party.get(p, set())) >= min(2, len(want), len(p_party.get(p, set())))
                and want & p_party.get(p, set())]
        rivals = [o for o in ids["g"] if o not in taken and o != g and same
                  and g_party.get(o, set()) & p_party.get(same[0], set())]
        if len(same) == 1 and not rivals:
            pairs[same[0]] = g
            taken.add(g)
    return pairs
