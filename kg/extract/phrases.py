"""The words around a figure as a name: the clause before it, its subject or owner, the noun before it,
tidied into a label (the pieces kg.extract.naming's rules name indicators with)."""

from __future__ import annotations

import re

GENERIC_SUBJECTS = {"growth rate", "rate", "figure", "number", "total", "amount", "it", "which", "this", "that",
                    "the figure", "growth", "value", "data", "share", "proportion"}


def lower_first(label: str) -> str:
    """A label inside another: its first word in lower case, unless it is an acronym or a name ("NEV sales")."""
    first = label.split()[0] if label.split() else ""
    return label[:1].lower() + label[1:] if first[1:].islower() else label


def changed_name(subject: str, unit: str | None) -> str:
    """The indicator of a change in ``subject``: its growth, the change in its growth, or its increase (a multiple)."""
    words = subject.split()
    if words and (len(words) == 1 or words[1].islower()):
        subject = lower_first(subject)  # a sentence's first word, not a name
    if unit == "kgo:PercentagePoint":
        return f"change in the {subject}" if "growth" in subject or "rate" in subject else f"change in the growth of {subject}"
    if unit == "kgo:Times":
        return f"increase of {subject}"
    return subject if subject.startswith("growth") else f"growth of {subject}"


def clause_of(before: str) -> str:
    """The words before a figure back to the last clause boundary."""
    cut = max(before.rfind(", "), before.rfind("; "), before.rfind(": "))
    clause = before[cut + 2:] if cut >= 0 else before
    if len(clause.split()) < 3 and cut >= 0:  # "X's output, up 12%": look one clause further back
        previous = before[:cut]
        second = max(previous.rfind(", "), previous.rfind("; "))
        clause = before[second + 2:] if second >= 0 else before
    return clause


def subject_of(words: str) -> str:
    """A noun phrase tidied into an indicator's words: no leading article, year phrase or possessive place."""
    words = re.sub(r"^.*\b(?:In|in) (?:19|20)\d\d,\s*", "", words)  # "In 2022, X": X
    words = re.sub(r"^.*\b(?:that|whether)\s+", "", words)  # "analysts projected that X": X
    words = re.sub(r"^.*\b(?:said|says|noted|added|announced)\s+", "", words)
    words = re.sub(r"^.*\b(?:saw|sees|recorded|posted)\s+", "", words)  # "the sector saw its output exceed": its output
    words = re.sub(r"\b(?:in|of) (?:19|20)\d\d\b", "", words)
    words = re.sub(r"^(?:while|and|but|which|that|including|with|as|so|where|when|whose)\s+", "", words.strip(), flags=re.I)
    words = re.sub(r"^(?:In terms of|On the \w+ side|At present|Currently|Meanwhile|Among them),?\s*", "", words, flags=re.I)
    words = re.sub(r"\b[A-Z][\w\-]*(?: [A-Z][\w\-]*)*['’]s\s+", "", words)  # "Riverton's": the area, not the indicator
    words = re.sub(r"\b(?:the|its) (?:city|province|county|district|municipality)['’]s\s+", "", words, flags=re.I)
    words = re.sub(r"\b(?:its|their)\s+", "", words)
    words = re.sub(r"^(?:the|a|an|its|their|his|her)\s+", "", words.strip(), flags=re.I)
    words = re.sub(r"\s+(?:recognized|registered|recorded|reported|realized|achieved|totaled)$", "", words)
    words = re.sub(r"\s+(?:was|were|is|are|has been|have been|had been|will be|has|have|had|will|would|could|may|"
                   r"might|can|should|is expected to|are expected to)$", "", words)
    return " ".join(words.split()).strip(" ,")


def owner_of(words: str) -> str:
    """Whose investment: "the city has signed nearly 90 projects" -> "projects"; "A and other B projects" -> "B projects"."""
    words = re.sub(r"^.*\b\d[\d,.]*\s+", "", words)
    words = re.sub(r"^.*\b(?:and other|including|of which|among them|such as)\s+", "", words)
    words = re.sub(r"^(?:the|a|an|its|their|other)\s+", "", words.strip())
    return " ".join(words.split()[-5:])


VERBS_BEFORE_NOUNS = {"a", "an", "the", "with", "of", "to", "achieve", "achieved", "reach", "reached", "its", "their",
                      "by", "and", "at", "for", "in", "on", "has", "have", "had", "is", "was", "were", "are", "be",
                      "been", "forming", "form", "formed", "generate", "generated", "generating", "create", "created",
                      "record", "recorded", "post", "posted", "realize", "realized", "realise", "realised", "report",
                      "reported", "make", "made", "saw", "see", "sees", "expects", "expected", "aims", "plans", "lift",
                      "raise", "raised", "boost", "boosted", "hit", "register", "hold", "holds"}


def noun_before(words: str) -> str:
    """The noun phrase that ends ``words``: "striving to achieve revenue" -> "revenue", "with a radius" -> "radius";
    "the city's battery industry generated revenue" -> "revenue of battery industry" (its subject)."""
    tokens = words.strip().split()
    kept: list[str] = []
    stop = len(tokens)
    for position in range(len(tokens) - 1, -1, -1):
        word = tokens[position]
        if word.lower() in VERBS_BEFORE_NOUNS or word.endswith(","):
            stop = position
            break
        kept.insert(0, word)
    noun = " ".join(kept[-5:])
    verb = tokens[stop].lower() if stop < len(tokens) else ""
    if noun and verb.endswith("ed") and verb not in ("achieved", "reached", "expected"):
        owner = subject_of(" ".join(tokens[:stop]))
        if owner and owner.lower() not in GENERIC_SUBJECTS and len(owner.split()) <= 6 and not re.search(
                r"\b(?:is|are|was|were|will|to|has|have|expected|would)\b", owner):
            return f"{noun} of {owner}"
    return noun


def owner_before(before: str) -> str | None:
    match = re.search(r"(?:including|of which|among them)\s+(?P<owner>[a-z][\w\- ]{2,40}?) with\b", before)
    return match.group("owner") if match else None


def tidy(name: str) -> str:
    name = " ".join(name.replace("’", "'").split()).strip(" ,.")
    words = name.split()
    if len(words) > 14:
        name = " ".join(words[:14])
    return name[:1].upper() + name[1:]
