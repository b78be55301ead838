"""From files to draft facts files in a project: name, extract, check by building, write.

A draft is checked the way ``kg build`` will check it, before anything is
written: it is built together with the data's other facts files (every
quote located in its source, every fact checked against the ontology, every
entity it shares with them consistent), and its own graph is validated
against the SHACL shapes. An item the build refuses is dropped from the draft
and named in a warning: a draft that builds is worth more than a longer one
that does not. Outputs are written together, or not at all.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import replace
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ExtractError, OutputError
from kg.extract import extract
from kg.extract.document import MAX_BYTES, read_document
from kg.extract.draft import Document, Draft
from kg.extract.lexicon import Lexicon
from kg.extract.writer import draft_yaml
from kg.progress import stage
from kg.runtime import time_limit as limited_to

MAX_REPAIRS = 200


@dataclass
class Planned:
    """One input and what extracting it writes: the facts file and, unless the data already holds it, the source."""

    document: Document
    facts_path: Path
    source_path: Path
    copy_source: bool
    draft: Draft | None = None
    yaml: str = ""
    warnings: list[str] = field(default_factory=list)  # items the build or the shapes refused, dropped
    notices: list[str] = field(default_factory=list)  # what the draft could not know (no date of publication)

TIME_LIMIT = 300.0  # seconds to draft one document (kg extract --time-limit); a long article takes a few


def draft_files(inputs: list[Path], data_dir: Path, ontology_path: Path, out: Path | None = None,
                force: bool = False, validate: bool = True, extractor: str = "rules",
                max_bytes: int = MAX_BYTES, time_limit: float = TIME_LIMIT,
                date: datetime.date | int | None = None) -> list[Planned]:
    """Read, extract and check each input; return what would be written (``write_planned`` writes it).

    ``date`` is the inputs' date of publication (``kg extract --date``): it anchors "last year", "this year" and
    months without a year, in place of a date the document states (a dateline, a page's metadata); a year alone
    (an int: ``kg extract --date 2018`` or ``--date 2018-03``) anchors the periods, not the days of the week.

    Raises ExtractError for an input that cannot be read, is larger than
    ``max_bytes``, takes longer than ``time_limit`` seconds to draft, or yields
    nothing, and OutputError for an output that exists (unless ``force``) or
    a plan that would write two outputs to one file.
    """
    documents = [read_document(path, max_bytes) for path in inputs]
    if isinstance(date, int):  # the year alone: a date the document states keeps its day if it is of that year
        documents = [replace(document, year=date, date=document.date if document.date and document.date.year == date
                             else None) for document in documents]
    elif date is not None:
        documents = [replace(document, date=date) for document in documents]
    if out is not None and len(inputs) > 1 and out.suffix in (".yaml", ".yml"):
        raise OutputError(f"{out}: one output file for {len(inputs)} inputs; give a folder with --out")
    plans = _plan(documents, data_dir, out, force)
    for plan in plans:
        text_digest = hashlib.sha256(plan.document.text.encode("utf-8")).hexdigest()
        # A draft written elsewhere (to score it, say) must not read its answers from the article's own facts;
        # a draft written into the data is built with them, so it links to their entities.
        into_data = plan.facts_path.parent.resolve() == (data_dir / "facts").resolve()
        skip = None if into_data else text_digest
        lexicon = Lexicon.from_data(data_dir, skip_sha256=skip)
        with stage(f"drafting {plan.document.path.name} ({len(plan.document.text):,} characters)"):
            try:
                with limited_to(time_limit):
                    draft = extract(plan.document, lexicon, extractor)
            except TimeoutError:
                raise ExtractError(f"{plan.document.path}: drafting stopped after {time_limit:g} s (kg extract "
                                   "--time-limit); split the document, or allow it longer") from None
        draft.source_file = plan.source_path.name
        draft.source_id = _slug(plan.facts_path.stem)
        if draft.is_empty():
            raise ExtractError(f"{plan.document.path}: no entities, facts or figures found; nothing written")
        plan.draft, plan.yaml, plan.warnings = _checked(draft, plan, data_dir, ontology_path, validate, skip)
        if plan.document.date is None and plan.document.year is None:
            # never the clock's year (a draft must not change with the day it is made): say what is left open
            plan.notices.append(f"{plan.document.path}: no date of publication found; 'last year', 'this year' "
                                "and figures of no year are left out, or count from the latest year the text "
                                "names (pass --date YYYY-MM-DD, or YYYY-MM or YYYY)")
    return plans


def write_planned(plans: list[Planned]) -> None:
    """Write every plan's source copy and facts file; on any failure, remove what this call wrote."""
    from kg.files import write_atomic

    outputs = [(plan.source_path, plan.document.text) for plan in plans if plan.copy_source]
    outputs += [(plan.facts_path, plan.yaml) for plan in plans]
    before = {path: path.read_bytes() if path.is_file() else None for path, _ in outputs}  # what --force replaces
    try:
        for path, text in outputs:
            write_atomic(path, text.encode("utf-8"))
    except BaseException:
        for path, old in before.items():
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, old)
        raise


def _plan(documents: list[Document], data_dir: Path, out: Path | None, force: bool) -> list[Planned]:
    facts_dir, sources_dir = data_dir / "facts", data_dir / "sources"
    existing_sources = {hashlib.sha256(p.read_bytes()).hexdigest(): p
                        for p in sorted(sources_dir.glob("*")) if p.is_file()} if sources_dir.is_dir() else {}
    number = _next_number(facts_dir)
    plans, targets = [], set()
    for document in documents:
        digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        stem = re.sub(r"\.txt$", "", document.name)
        same = existing_sources.get(digest)
        if out is None:
            facts_path = facts_dir / f"{number:03d}_{stem}.yaml"
        elif out.suffix in (".yaml", ".yml"):
            facts_path = out
        else:
            facts_path = out / f"{number:03d}_{stem}.yaml"
        if same is not None:
            source_path, copy = same, False
            if facts_path.parent.resolve() == facts_dir.resolve() and not force:
                raise OutputError(
                    f"{document.path}: this text is already {same} in the data; its draft would repeat its facts "
                    f"(pass --out to draft it elsewhere, or --force)")
        else:
            source_path, copy = sources_dir / f"{number:03d}_{stem}.txt", True
        for path in (facts_path, source_path) if copy else (facts_path,):
            if path in targets:
                raise OutputError(f"{path}: two inputs would be written to this file")
            targets.add(path)
            if path.exists() and not force:
                raise OutputError(f"{path}: already exists; pass --force to replace it")
        plans.append(Planned(document, facts_path, source_path, copy))
        number += 1
    return plans


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "source"


def _next_number(facts_dir: Path) -> int:
    numbers = [int(m.group(1)) for p in facts_dir.glob("*.y*ml") if (m := re.match(r"(\d+)_", p.name))]
    return max(numbers, default=-1) + 1


def _checked(draft: Draft, plan: Planned, data_dir: Path, ontology_path: Path, validate: bool,
             skip_sha256: str | None) -> tuple[Draft, str, list[str]]:
    """Build the draft with the data's facts files; drop what the build refuses, until it builds."""
    from kg.errors import FactError, SourceError
    from kg.facts.folder import facts_files
    from kg.facts.graph import GraphBuilder
    from kg.facts.loader import load_facts_file
    from kg.facts.ontology import Contract, load_ontology

    contract = Contract.from_graph(load_ontology(ontology_path))
    others = []
    if (data_dir / "facts").is_dir() and any((data_dir / "facts").glob("*.y*ml")):
        others = [f for f in (load_facts_file(p, data_dir / "sources") for p in facts_files(data_dir))
                  if f.source.sha256 != skip_sha256 and f.path.resolve() != plan.facts_path.resolve()]
    warnings: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "sources").mkdir()
        (Path(folder) / "sources" / plan.source_path.name).write_text(plan.document.text, encoding="utf-8")
        check_path = Path(folder) / plan.facts_path.name
        for _ in range(MAX_REPAIRS):
            text = draft_yaml(draft)
            check_path.write_text(text, encoding="utf-8")
            try:
                mine = load_facts_file(check_path, Path(folder) / "sources")
                GraphBuilder(contract).add_all([*others, mine])
                graph = GraphBuilder(contract).add_all([mine])
            except (FactError, SourceError) as exc:
                line = _line_of(str(exc), check_path)
                message = str(exc).replace(str(check_path), str(plan.facts_path))
                if line is None or not _drop_item_at(draft, text, line):
                    raise ExtractError(f"{plan.document.path}: the draft does not build: {message}") from None
                warnings.append(message)
                continue
            if validate:
                broken = _shacl_failures(graph, ontology_path)
                if broken:
                    if not _drop_nodes(draft, broken):
                        raise ExtractError(f"{plan.document.path}: the draft breaks the SHACL shapes: {broken[0][1]}")
                    warnings += [f"{plan.facts_path}: dropped {focus}: {message}" for focus, message in broken]
                    continue
            return draft, text, warnings
    raise ExtractError(f"{plan.document.path}: the draft does not build after {MAX_REPAIRS} repairs")


def _shacl_failures(graph, ontology_path: Path) -> list[tuple[str, str]]:
    """(focus node, message) of each SHACL violation of the draft's own graph."""
    from kg.build.validate import validate_graph
    from kg.project import ProjectPaths

    report = validate_graph(graph, ProjectPaths(ontology_path=ontology_path))
    return [(v.focus, f"{v.path or ''}: expected {v.expected}; found {v.found}") for v in report.violations]


def _drop_nodes(draft: Draft, broken: list[tuple[str, str]]) -> bool:
    """Drop the entities and observations that SHACL found at fault; False if none is the draft's."""
    dropped = False
    for focus, _ in broken:
        local = focus.removeprefix("kgr:").removeprefix("https://kg.example.org/id/")
        entity = next((i for i, e in enumerate(draft.entities) if e.id == local), None)
        if entity is not None:
            _remove_entity(draft, entity)
            dropped = True
            continue
        for index, obs in enumerate(draft.observations):
            if local.endswith("/" + (obs.id or f"{obs.indicator}-{obs.area}-{obs.period}")):
                draft.observations.pop(index)
                dropped = True
                break
    return dropped


def _line_of(message: str, path: Path) -> int | None:
    match = re.search(re.escape(str(path)) + r":(\d+)", message)
    return int(match.group(1)) if match else None


def _drop_item_at(draft: Draft, text: str, line: int) -> bool:
    """Remove the entity, fact or observation written at ``line`` (and what depends on a removed entity)."""
    section, index, current = None, -1, None
    for number, row in enumerate(text.splitlines(), start=1):
        if re.match(r"^(entities|facts|observations):", row):
            current, index = row.split(":")[0], -1
        elif current and row.startswith("  - "):
            index += 1
        if number == line:
            section = current
            break
    if section is None or index < 0:
        return False
    if section == "entities":
        _remove_entity(draft, index)
    else:
        getattr(draft, section).pop(index)
    return True


def _remove_entity(draft: Draft, index: int) -> None:
    """Remove an entity and every triple and observation that names it."""
    gone = draft.entities.pop(index).id
    for fact in draft.facts:
        fact.triples = [t for t in fact.triples if gone not in (t[0], t[2])]
    draft.facts = [f for f in draft.facts if f.triples]
    draft.observations = [o for o in draft.observations if gone not in (o.indicator, o.area)]
    if draft.publisher == gone:
        draft.publisher = draft.source_quote = draft.source_confidence = None
