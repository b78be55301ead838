"""The exceptions a user can cause. The CLI catches KgError once and exits 1."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error a user can cause: the message says what and where."""


class SourceError(KgError):
    """A source document or facts file is missing, unreadable or malformed."""


class FactError(KgError):
    """A fact is inconsistent with the ontology, the other facts or its source."""


class QuoteNotFound(FactError):
    """An evidence quote does not occur in its source text."""


class OutputError(KgError):
    """An output file or folder cannot be written."""


class StoreError(KgError):
    """A store that cannot be opened or reached, or that refuses a request."""


class TooManyTriples(KgError):
    """A CONSTRUCT or DESCRIBE stopped at the most triples its caller allows (``kg serve --max-rows``)."""


class ValidationFailed(KgError):
    """The built graph breaks SHACL rules; ``report`` lists them. Nothing was written."""

    def __init__(self, report) -> None:
        super().__init__(f"the built graph breaks {len(report.violations)} SHACL rule(s); nothing written")
        self.report = report


class ExtractError(KgError):
    """A document that cannot be read or yields nothing; the message names the file."""


class UsageError(KgError):
    """Options that cannot be used together, or one that does not apply here: the command line's usage error
    (exit status 2), raised by the library where only it knows (a store set in the environment, say)."""


def where(path: object, line: int | None = None, field: str | None = None) -> str:
    """Format a location as 'file:line (field)' for error messages.

    >>> where("data/facts/a.yaml", 12, "quote")
    'data/facts/a.yaml:12 (quote)'
    """
    text = str(path)
    if line is not None:
        text += f":{line}"
    if field:
        text += f" ({field})"
    return text


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception's message on one line, cut to ``limit`` characters, for a KgError message.

    >>> one_line(ValueError("bad  value"))
    'bad value'
    """
    return " ".join(str(exc).split())[:limit]


def without_user_info(text: str) -> str:
    """``text`` with the user name and password of a URL in it replaced by ``...``: a message may show a URL
    a user gave, never the password in it.

    >>> without_user_info("ftp://kg:s3cret@h/x")
    'ftp://...@h/x'
    """
    import re

    return re.sub(r"\b([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s]*@", r"\1...@", text)


class QueryError(KgError):
    """A query that does not parse or cannot be evaluated, or an unknown query or parameter."""
