"""People by the shape of their names and the words around them, in any naming tradition.

A run of two to four capitalised words is a person's name when the text gives
evidence: a title before it ("Governor Dana P. Hale", "Orex CEO Maria
Lindqvist", "chief executive Peter Holm"), a post after it ("Susan Mei,
analyst at ..."), a verb of speech after it ("Maria Lindqvist said"), or a
common Chinese family name first ("Li Wei", from the lexicon's names).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

# Titles and posts written before a name, or after it ("X, chairman of Y"); lower-cased.
TITLES = frozenset({
    "secretary", "premier", "minister", "ceo", "cfo", "cto", "coo", "mayor", "chairman", "chairwoman", "chair",
    "president", "governor", "senator", "chancellor", "director", "commissioner", "ambassador", "founder",
    "executive", "manager", "analyst", "spokesperson", "spokesman", "spokeswoman", "representative",
    "congressman", "congresswoman", "councillor", "councilor", "mp", "head", "chief", "professor", "dr", "mr",
    "ms", "mrs", "sir", "dame", "lord", "king", "queen", "prince", "sheikh", "general", "vice-president",
    "vice-chairman", "chairperson", "shri", "gov", "sen", "rep", "engineer", "researcher", "economist", "official", "officer", "partner", "leader",
})
# Words that may stand between a title and a name without being part of the name.
TITLE_WORDS = TITLES | {"vice", "deputy", "prime", "state", "union", "federal", "global", "executive", "former",
                        "acting", "senior", "general", "managing", "party", "provincial", "municipal",
                        "board"}
SPEECH = re.compile(r"^\s*(?:said|says|told|added|noted|explained|stated|stressed|announced|commented)\b")
AFTER_POST = re.compile(r"^,\s+(?:the |an? |its |their |[A-Z]\w+['’]s )?(?:former |then |current )?"
                        r"(?:(?:[A-Za-z&\-.]+ ){0,4})?(?P<role>" + "|".join(sorted(TITLES - {"mr", "ms", "mrs", "dr"}))
                        + r")\b", re.I)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z][a-z]*[A-Z][a-z]+|[A-Z]\.|[A-Z]{2}|[A-Z]['’][A-Z][a-z]+|"
                        r"[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)*)$")


def name_shaped(words: list[str]) -> bool:
    """Two to four words that could be a person's given and family names ("Dana P. Hale", "Dan LaFleur").

    >>> name_shaped(["Dana", "P.", "Hale"]), name_shaped(["Rare", "Earths", "Co."]), name_shaped(["Voltra"])
    (True, False, False)
    >>> name_shaped(["Dana", "Hale", "Jr."])
    True
    """
    if len(words) >= 3 and words[-1] in ("Jr.", "Sr.", "Jr", "Sr", "II", "III"):
        words = words[:-1]  # "Dana Hale Jr."
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words) and not words[-1].endswith(".") \
        and not words[0].endswith(".")


def person_in(chunk: list[Token], surnames: set[str], not_names: set[str],
              org_words: set[str]) -> tuple[int, str, float] | None:
    """The person a capitalised run names, as (index of the name's first token in the run, label, confidence).

    Evidence: a title inside the run before the name, a title just before the run, a post or a verb of speech
    just after it, or a Chinese family name first. The name is the run's last two to four words after the title
    (after its "of X": "Secretary of Commerce Lena Okafor" names Lena Okafor).
    """
    at: list[int] = []  # each word's first token: "Jean-Luc" is three tokens and one word
    for i, t in enumerate(chunk):
        if not (at and (t.text == "-" or chunk[i - 1].text == "-") and not chunk[i - 1].whitespace_):
            at.append(i)
    words = ["".join(t.text for t in chunk[a: b]) for a, b in zip(at, [*at[1:], len(chunk)])]
    lowered = [w.lower().rstrip(".") for w in words]
    title = max((i for i, w in enumerate(lowered) if w in TITLES), default=-1)
    if title < 0 and len(words) >= 3 and _continues_portfolio(chunk[0]) and name_shaped(words[-2:]) and not any(
            w.lower() in not_names or w.lower().rstrip(".,") in org_words for w in words[-2:]):
        # "Minister of Innovation, Science and Industry Lena Okafor": the run after the portfolio's comma
        return at[len(words) - 2], " ".join(words[-2:]), 0.75
    start = title + 1
    if title < 0:  # "Wu Dong of the College of Energy": the person, then the affiliation
        cut = next((i for i, w in enumerate(lowered) if w in ("of", "and", "for", "&")), len(words))
        words, lowered, chunk = words[:cut], lowered[:cut], chunk[:at[cut] if cut < len(at) else len(chunk)]
    portfolio = False
    for i in range(start, len(words)):
        if title >= 0 and lowered[i] in ("of", "for", "and") and i + 1 < len(words):
            start, portfolio = i + 2, True  # "Minister of Transport Lena Okafor": the name follows the portfolio
    if title >= 0 and len(words) - start > 2 and (portfolio or not name_shaped(words[start:])):
        start = len(words) - 2  # "Minister of Economic Development Tom Vance": a portfolio may have many words
    name = words[start:]
    if not name_shaped(name) or any(w.lower() in not_names or w.lower().rstrip(".,") in org_words for w in name):
        return None
    doc = chunk[0].doc
    before = doc[max(chunk[0].i - 3, 0): chunk[0].i]
    rest = doc[chunk[-1].i + 1: chunk[-1].i + 12].text if chunk[-1].i + 1 < len(doc) else ""
    rest = (" " if chunk[-1].whitespace_ else "") + rest
    if title >= 0 and start > title:
        return at[start], " ".join(name), 0.8
    if any(t.lower_ in TITLES for t in before[-2:]) and not (before and before[-1].lower_ in (",", "(", "of", "at", "for")):
        return at[start], " ".join(name), 0.75  # "chief executive Per Holm"
    if before and before[-1].lower_ in ("said", "says", "told", "added", "noted", "explained"):
        return at[start], " ".join(name), 0.7  # '"...," says Nils Ekberg
    if AFTER_POST.match(rest) or SPEECH.match(rest):
        return at[start], " ".join(name), 0.7
    if words[start] in surnames and len(name) <= 3 and all(len(w) <= 10 and w[1:].islower() for w in name[1:]):
        return at[start], " ".join(name), 0.7
    return None


def _continues_portfolio(first: Token) -> bool:
    """True if a run follows a comma inside a title's portfolio: "Minister of A, B and C Lena Okafor" (back from the
    comma: capitalised words, commas and connectors, then "of" or "for" after a title)."""
    doc, i = first.doc, first.i - 1
    if i < 0 or doc[i].text != ",":
        return False
    while i > 0 and (doc[i].text in (",", "&") or doc[i].lower_ == "and" or doc[i].text[:1].isupper()):
        i -= 1
    return doc[i].lower_ in ("of", "for") and i > 0 and doc[i - 1].lower_ in TITLES


def family_name(label: str) -> str:
    """A person's family name: the last word of the name, a generation suffix aside ("Hale" of "Tom Hale Jr.")."""
    words = label.split()
    while len(words) > 1 and words[-1].lower().rstrip(".,") in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    return words[-1]
