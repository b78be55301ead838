"""Deals between organisations that news words without "signed": orders, partnerships, acquisitions, holdings.

"A has placed an order (for 40 turbines) with B": an order (kgo:Agreement) between A and B, and B supplies A;
"A won an order from B": A supplies B. "A partnered with B, C and D", "in partnership with B", "a tie-up with
B": partners (kgo:partnerOf). "A acquired (100 percent of) B", "A holds 51% of the shares in B": A invests in B
(kgo:investsIn), and owning all or most of it makes B A's subsidiary. "A's B" of two government bodies ("the
Department of Transport's Highway Administration"): B is part of A. Each reads the organisations found around
the words; none knows any particular name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.entities import ORGANISATION_CLASSES
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.entities import Mention
    from kg.extract.relations import RelationFinder

PARTIES = ORGANISATION_CLASSES - {"kgo:NewsOrganization"}
PLACED = re.compile(r"\b(?:placed|places|place|placing|signed|awarded|gave|given)\s+(?:an?|the|its)\s+(?P<what>(?:[\w$€£.,"
                    r"\-/]+\s+){0,5}?)(?P<noun>order|contract)s?\b[^.;]*?\s+(?:with|to)\s+$")
WON = re.compile(r"\b(?:won|wins|win|received|receives|secured|secures|booked|landed|bagged)\s+(?:an?|the|its)\s+"
                 r"(?:[\w$€£.,\-/]+\s+){0,5}?(?:order|contract)s?\b[^.;]*?\s+from\s+$")
# "partnered with Moroccan phosphates giant B", "in partnership with the Dutch unit of B", "with A1, B and C" (A1 not
# found): the words of a description, or names not found, may stand between "with" and the partner.
_BETWEEN = r"(?:(?:the |an? )?(?:[\w\-]+ ){0,6}?(?:[A-Z][\w&\-]*(?: [A-Z][\w&\-]*)*,\s*(?:and\s+)?)?)?"
PARTNERED = re.compile(r"\b(?:partnered|partners|partnering|teamed up|teams up|tied up|ties up|allied)\s+with\s+" + _BETWEEN
                       + r"$|\bin (?:a )?(?:partnership|collaboration|cooperation|alliance) with\s+" + _BETWEEN + r"$|"
                       r"\b(?:a|its|the) (?:[\w\-]+ ){0,3}?(?P<noun>tie-up|partnership|alliance|collaboration) with\s+"
                       r"(?:the\s+)?$")
ACQUIRED = re.compile(r"\b(?:acquired?|acquires|acquiring|bought|buys|buy|purchased?|took over|takes over|"
                      r"take over|(?:its|the|a) (?:planned |proposed |\$?[\d.,]+ (?:billion |million )?)?(?:acquisition|"
                      r"takeover|purchase|buyout) of)\s+(?:(?:an? |a further )?(?P<share>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)\s+"
                      r"(?:stake\s+)?(?:of|in)\s+)?(?:the\s+)?$")
HOLDS = re.compile(r"\b(?:holds|held|owns|owned|has)\s+(?:more than |over |about |around |nearly |almost )?"
                   r"(?P<share>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)\s+(?:of\s+the\s+shares\s+in|stake\s+in|of)\s+"
                   r"(?:the\s+)?$")
LIST_GAP = re.compile(r"^(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)$")


def find_deals(finder: RelationFinder, sentence: Sentence) -> None:
    """Orders, partnerships, acquisitions and holdings the sentence reports."""
    orgs = finder.entities.in_sentence(sentence, PARTIES)
    for i, mention in enumerate(orgs):
        before = finder.text[sentence.start: mention.start]
        subject = clause_subject(finder, orgs[:i], sentence)
        if subject is None or subject == mention.entity:
            continue
        listed = [mention.entity, *(m.entity for m in _listed_after(finder, orgs, i))]
        if (placed := PLACED.search(before)) is not None:
            seller = finder.text[mention.start: mention.end]
            what = " ".join(f"{placed.group('what')} {placed.group('noun')}".split())
            _order(finder, sentence, subject, mention.entity, f"{_possessive(finder.entities.found[subject].label)} "
                                                              f"{what} with {seller}")
        elif WON.search(before):
            _order(finder, sentence, mention.entity, subject,
                   f"Order of {finder.entities.found[mention.entity].label} with {finder.entities.found[subject].label}")
        elif (partnered := PARTNERED.search(before)) is not None:
            _partners(finder, sentence, subject, [o for o in listed if o != subject], partnered.group("noun"))
        elif (bought := ACQUIRED.search(before) or HOLDS.search(before)) is not None:
            share = float(bought.group("share")) if bought.group("share") else None
            triples = [(subject, "kgo:investsIn", mention.entity)]
            if share is None and bought.re is ACQUIRED or share is not None and share > 50:
                triples.append((mention.entity, "schema:parentOrganization", subject))
            finder.add(sentence, triples, "investment", 0.55)
    _parts_of_government(finder, sentence, orgs)


def clause_subject(finder: RelationFinder, before: list[Mention], sentence: Sentence) -> str | None:
    """Who the clause is about: the organisation named last before a verb, else the first named in the sentence,
    else ("The company has ...") the company named last in the text."""
    for i in range(len(before) - 1, -1, -1):
        m = before[i]
        if re.match(r"\s*(?:\([^)]*\)\s*)?(?:,[^,]{0,60},\s*)?(?:has|have|had|is|are|was|were|will|would|also|"
                    r"today|on|in|then|recently|[a-z]+ed\b|[a-z]+s\b)", finder.text[m.end: sentence.end]):
            while i > 0 and LIST_GAP.match(finder.text[before[i - 1].end: before[i].start]):
                i -= 1  # "A and B have signed": the first of a joined subject
            return before[i].entity
    if before:
        return before[0].entity
    if re.match(r"\s*(?:The|the) (?:company|group|firm)\b", sentence.text) and finder.last_company:
        return finder.last_company
    return None


def _listed_after(finder: RelationFinder, orgs: list[Mention], i: int) -> list[Mention]:
    """The organisations listed right after the i-th ("with A, B, and C")."""
    listed = []
    for prev, m in zip(orgs[i:], orgs[i + 1:]):
        if not LIST_GAP.match(finder.text[prev.end: m.start]):
            break
        listed.append(m)
    return listed


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _order(finder: RelationFinder, sentence: Sentence, buyer: str, seller: str, label: str) -> None:
    """An order (``label``: "Acme's 40-turbine order with Bluewave") between a buyer and a seller, who supplies
    the buyer."""
    order = finder.entities.declare(label, "kgo:Agreement", sentence, 0.55, rule="an order placed with a supplier")
    finder.add(sentence, [(order, "kgo:party", buyer), (order, "kgo:party", seller), (seller, "kgo:supplies", buyer)],
               "supply", 0.55)


def _partners(finder: RelationFinder, sentence: Sentence, subject: str, others: list[str], noun: str | None) -> None:
    """Partners; "announced a tie-up with B" also names the partnership (kgo:Agreement) with its parties."""
    triples = [(subject, "kgo:partnerOf", other) for other in others]
    if noun and others:
        found = finder.entities.found
        label = f"{'Partnership' if noun == 'tie-up' else noun.capitalize()} of {found[subject].label} with " + \
            " and ".join(found[o].label for o in others)
        deal = finder.entities.declare(label, "kgo:Agreement", sentence, 0.55, rule="a partnership with another")
        triples += [(deal, "kgo:party", p) for p in (subject, *others)]
    finder.add(sentence, triples, "agreement", 0.55)


def _parts_of_government(finder: RelationFinder, sentence: Sentence, orgs: list[Mention]) -> None:
    """ "The Department of Transport's Federal Highway Administration": one government body part of another."""
    for a, b in zip(orgs, orgs[1:]):
        kinds = {finder.entities.found[a.entity].cls, finder.entities.found[b.entity].cls}
        if kinds == {"kgo:GovernmentAgency"} and re.fullmatch(r"['’]s\s+(?:the\s+)?", finder.text[a.end: b.start]):
            finder.add(sentence, [(b.entity, "schema:parentOrganization", a.entity)], "subsidiary", 0.55)
