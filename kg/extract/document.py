"""Reading a document for extraction: a .txt, .md or .html file in, its main text out.

The text returned is the one stored in data/sources/ and in which quote
offsets are counted. A plain text is kept exactly as it stands (a byte-order
mark aside); the text made from Markdown or HTML is normalised only where
that is harmless: LF line ends, no trailing spaces, at most one blank line in
a row, one final newline. Every other character (typographic quotes
included) is kept as it stands.
"""

from __future__ import annotations

import codecs
import datetime
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ExtractError, where
from kg.extract.draft import Document

if TYPE_CHECKING:
    from markdown_it.token import Token

READERS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

# English function words. English prose typically has a quarter or more of its
# words among them; other languages written in Latin letters a few per cent.
FUNCTION_WORDS = frozenset(
    "the of and in to a is was for on with by as at from that has have will it its are were which this".split()
)
MIN_WORDS = 3
MIN_FUNCTION_SHARE = 0.10

_MONTHS = "january february march april may june july august september october november december".split()
_ABBREVIATIONS = [month[:3] for month in _MONTHS]
_MONTH = r"(?P<month>" + "|".join(_MONTHS + _ABBREVIATIONS + ["sept"]) + r")\.?"
_DATES = [
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
]
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

MAX_BYTES = 5_000_000  # the largest document kg extract reads (--max-size); an article is 10 to 100 KB


def read_document(path: Path | str, max_bytes: int = MAX_BYTES) -> Document:
    """Read a .txt, .md or .html file into a Document; for a web page, its main text only.

    Raises ExtractError, with a one-line message that starts with the path, for
    a missing file, an unsupported kind, a file of more than ``max_bytes``, an
    empty, binary or non-UTF-8 file, a page with no main text, and a text with
    no English sentences. Byte numbers
    in messages count from 0. Nothing is written.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "Plant News.txt"
    ...     _ = path.write_text("Plant opens\\n\\nOn 9 June 2023 the plant in the town opened.\\n")
    ...     doc = read_document(path)
    >>> doc.name, doc.title, doc.date, doc.text
    ('plant-news.txt', 'Plant opens', datetime.date(2023, 6, 9), 'Plant opens\\n\\nOn 9 June 2023 the plant in the town opened.\\n')
    """
    path = Path(path)
    place = where(path)
    if path.is_dir():
        raise ExtractError(f"{place}: no such file (it is a folder)")
    if not path.is_file():
        raise ExtractError(f"{place}: no such file")
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        what = f"{path.suffix.lower()} files" if path.suffix else "files without an extension"
        raise ExtractError(f"{place}: cannot read {what}; kg extract reads .txt, .md and .html")
    try:
        size = path.stat().st_size
        if size > max_bytes:  # before reading it: 20 MB of text ran 400 s at 1.2 GB, to no end
            raise ExtractError(f"{place}: {size:,} bytes, more than kg extract reads ({max_bytes:,}, --max-size); "
                               "split the document")
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{place}: cannot read the file: {exc.strerror or exc}") from None
    if not data.strip():
        raise ExtractError(f"{place}: the file is empty")
    raw = _decode(data, place, _declared_charset(data) if kind == "html" else None)
    if not raw.strip():
        raise ExtractError(f"{place}: the file is empty")
    title: str | None
    date: datetime.date | None
    if kind == "html":
        text, title, date = _read_html(raw.replace("\r\n", "\n").replace("\r", "\n"), place)
    elif kind == "md":
        text, title, date = _read_markdown(raw.replace("\r\n", "\n").replace("\r", "\n"))
    else:
        # A plain text is stored as it stands (a BOM aside): the source is never edited, and a draft of a
        # text already in data/sources/ quotes the very same file.
        text = raw
        title, date = _txt_title(_tidy(raw)), None
    if kind != "html" and date is None:
        date = _dateline(text)
    _check_english(text, place)
    return Document(name=_slug(path.stem) + ".txt", text=text, title=title, date=date, path=path)


def _decode(data: bytes, place: str, charset: str | None) -> str:
    """UTF-8 (a BOM dropped), or the charset an HTML page declares; NUL bytes mean binary."""
    nul = data.find(b"\0", 0, 8192)
    if nul >= 0:
        raise ExtractError(f"{place}: not a UTF-8 text file (byte {nul})")
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if skipped or charset == "utf-8":
        charset = None
    try:
        return data[skipped:].decode(charset or "utf-8")
    except UnicodeDecodeError as exc:
        label = f"{charset} (as declared)" if charset else "UTF-8"
        raise ExtractError(f"{place}: not a {label} text file (byte {exc.start + skipped})") from None


def _declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> in its first 2 KiB, if Python knows it."""
    found = _CHARSET.search(data[:2048])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding): pages labelled latin-1 or ASCII are windows-1252.
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


def _tidy(text: str) -> str:
    """LF ends, no trailing spaces, no leading blank lines, at most one blank line, one final LF."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _read_html(html: str, place: str) -> tuple[str, str | None, datetime.date | None]:
    import trafilatura

    # A string, never a URL: trafilatura fetches nothing. No extensive date search,
    # so a date is one the page states, not one guessed from its links.
    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, include_links=False,
        include_images=False, favor_precision=True, output_format="python",
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    # trafilatura 1.x returns a dict, 2.x a Document with the same fields.
    found = result if isinstance(result, dict) else {k: getattr(result, k, None) for k in ("text", "title", "date")}
    body = found.get("text") or ""
    if not body.strip():
        raise ExtractError(f"{place}: no main text found in the page")
    # trafilatura puts one block (paragraph, heading, list item) on each line.
    text = _tidy("\n\n".join(line for line in body.split("\n") if line.strip()))
    return text, (found.get("title") or "").strip() or None, _iso_date(found.get("date"))


def _iso_date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _read_markdown(source: str) -> tuple[str, str | None, datetime.date | None]:
    from markdown_it import MarkdownIt

    title: str | None = None
    date: datetime.date | None = None
    front = _FRONT_MATTER.match(source)
    if front:
        fields = dict(re.findall(r"(?m)^(title|date):[ \t]*(.*?)[ \t]*$", front.group(1) or ""))
        title = _unquote(fields.get("title", "")) or None
        date = _dateline(_unquote(fields.get("date", "")))
        source = source[front.end():]
    paragraphs: list[str] = []
    heading: str | None = None
    tokens = MarkdownIt("commonmark").parse(source)
    for previous, token in zip([None, *tokens], tokens):
        if token.type != "inline":
            continue  # html blocks, code blocks and rules carry no prose
        words = _plain(token).strip()
        if words:
            paragraphs.append(words)
            if heading is None and previous is not None and previous.type == "heading_open":
                heading = words
    return _tidy("\n\n".join(paragraphs)), title or heading, date


def _plain(inline: Token) -> str:
    """An inline token's text without its markup: link and code text kept, images and HTML dropped."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _txt_title(text: str) -> str | None:
    """The first line, if it stands alone like a headline: short, no final period, a blank line after."""
    lines = text.split("\n")
    first = lines[0].strip()
    if len(lines) < 3 or lines[1] or len(first) > 120 or first.endswith("."):
        return None
    # A line that is only a date is a dateline, not a title.
    if any(pattern.fullmatch(first.strip(" ,.-–—")) for pattern in _DATES):
        return None
    return first


def _dateline(text: str) -> datetime.date | None:
    """The first date written as 2023-06-09, June 9, 2023 or 9 June 2023 in the first three non-empty lines."""
    lines = [line for line in text.split("\n") if line.strip()][:3]
    for line in lines:
        for pattern in _DATES:
            for found in pattern.finditer(line):
                parts = found.groupdict()
                month = int(parts["mon"]) if "mon" in parts else _ABBREVIATIONS.index(parts["month"][:3].lower()) + 1
                try:
                    return datetime.date(int(parts["year"]), month, int(parts["day"]))
                except ValueError:
                    continue
    return None


def _check_english(text: str, place: str) -> None:
    """Cheap: at least 3 words in Latin letters, and 10% or more of them English function words."""
    words = [word.lower() for word in _LATIN_WORD.findall(text)]
    common = sum(word in FUNCTION_WORDS for word in words)
    if len(words) < MIN_WORDS or common < MIN_FUNCTION_SHARE * len(words):
        raise ExtractError(f"{place}: no English sentences found")


def _slug(stem: str) -> str:
    """A file-name stem as [a-z0-9-], at most 60 characters: 'Göteborg Plant' -> 'goteborg-plant'."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")
    return slug[:60].rstrip("-") or "document"
