"""kg extract and kg eval: draft facts files from new documents, and score drafts against curated ones."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import click

from kg.cli.common import (
    DATA_OPTION,
    ONTOLOGY_OPTION,
    Choice,
    progress,
    project,
    say,
    user_errors,
)


def _published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime.date | int | None:
    """``--date`` as kg.api takes it: a full date (YYYY-MM-DD), or the year alone (an int) for a document dated only
    by its month or year (YYYY-MM, YYYY): a month says nothing of the day, which "on Tuesday" would need."""
    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}", value):
            return int(value)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return datetime.date.fromisoformat(f"{value}-01").year
        return datetime.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _bad(value)
    except ValueError:
        return _bad(value)


def _bad(value: str):
    raise click.BadParameter(f"'{value}' is not a date: give YYYY-MM-DD, YYYY-MM or YYYY")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Write the draft here: a .yaml file (one input) or a folder  [default: DATA/facts/NNN_NAME.yaml].")
@click.option("--dry-run", is_flag=True, help="Print the draft on stdout; write nothing.")
@click.option("--force", is_flag=True, help="Replace an existing draft or source copy.")
@click.option("--explain", is_flag=True,
              help="Print each item with the rule that made it and its confidence, least sure last (with --dry-run, "
                   "instead of the draft).")
@click.option("--no-validate", "skip_validation", is_flag=True,
              help="Do not check the draft's graph against the SHACL shapes (the build check still runs).")
@click.option("--max-size", default=5.0, show_default=True, type=click.FloatRange(min=0.001), metavar="MB",
              help="Largest document read, in megabytes (a larger one is refused: split it).")
@click.option("--time-limit", default=300.0, show_default=True, type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="Seconds to draft one document before giving up.")
@click.option("--date", "date", callback=_published, default=None, metavar="YYYY-MM-DD",
              help="The documents' date of publication: \"last year\", \"this year\" and months "
              "without a year count from it; YYYY-MM or YYYY for a document dated only so (its year anchors the "
              "periods)  [default: a date the document states; without one, such periods are left out].")
@user_errors
def extract(files: tuple[Path, ...], data_dir: Path, ontology_path: Path, out: Path | None, dry_run: bool,
            force: bool, explain: bool, skip_validation: bool, max_size: float, time_limit: float,
            date) -> None:
    """Draft the facts of new documents (.txt, .md or .html) for review.

    For each FILE, writes DATA/facts/NNN_NAME.yaml, a draft facts file that
    kg build reads as it stands, and copies the document's text (for a web
    page, its main text) to DATA/sources/. Entities the data already knows,
    by label or alternative label, keep their ids. Every fact quotes its
    sentence and carries a confidence; the file's `draft:` block marks it,
    and its facts in the graph, as a draft until a reviewer deletes it.

    The draft is checked before anything is written: built with the data's
    facts files and validated against the SHACL shapes; what the build
    refuses is left out and named on stderr. Offline and deterministic.

    \b
    Examples:
        kg extract ~/articles/catl-fuding.txt && kg build && kg query statistics-by-year
        kg extract page.html --dry-run
        kg extract wire-story.txt --date 2024-05-06 --dry-run
        kg extract page.html --dry-run --explain
        kg extract a.txt b.md --out /tmp/drafts
        kg extract data/sources/000_6877afdc895f6c52.txt --out /tmp/yibin-draft.yaml
    """
    with progress():
        plans = project(data_dir, ontology_path).extract(list(files), out=out, force=force,
                                                         validate=not skip_validation, write=False,
                                                         max_bytes=round(max_size * 1_000_000), time_limit=time_limit,
                                                         date=date)
    for plan in plans:
        for warning in [*plan.notices, *plan.warnings]:
            click.echo(f"kg: warning: {warning}", err=True)
    if explain:
        from kg.api import explain_draft

        for plan in plans:
            click.echo(f"# {plan.facts_path}: each item, the rule that made it, least sure last")
            click.echo(explain_draft(plan.draft))
    if dry_run:
        if not explain:
            for plan in plans:
                click.echo(plan.yaml, nl=False)
        return
    from kg.api import write_drafts

    write_drafts(plans)
    for plan in plans:
        draft = plan.draft
        say(f"Wrote {plan.facts_path} (draft: {len(draft.entities)} entities, {len(draft.facts)} facts, "
            f"{len(draft.observations)} observations)")
        if plan.copy_source:
            say(f"  source copied to {plan.source_path}")
    say("Review the draft, delete its `draft:` block when it is right, then run kg build.")


@click.command(name="eval")
@click.option("--gold", "gold_path", type=click.Path(path_type=Path), required=True,
              help="The curated facts file of the document.")
@click.option("--pred", "pred_path", type=click.Path(path_type=Path), required=True,
              help="The draft facts file to score (an extractor's output).")
@click.option("--sources", "sources_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of the source documents  [default: sources/ beside each file's folder; "
                   "for a draft without one, the gold file's]")
@click.option("--format", "fmt", type=Choice(["text", "json"], aliases={"table": "text"}), default="text",
              show_default=True, help="A table for people, JSON for programs.")
@user_errors
def eval_command(gold_path: Path, pred_path: Path, sources_dir: Path | None, fmt: str) -> None:
    """Score a draft facts file against the curated facts file of the same document.

    Prints precision, recall and F1 for entities, observations and relations
    (all of them, the kinds an extractor is asked to find, and each kind),
    then what the draft missed and what it added, each with its file:line.
    Items match by meaning: a draft's own id or wording for a gold entity
    counts, as do numbers stated differently and near-identical names.
    Both files must quote the same source text.

    \b
    Examples:
        kg eval --gold data/facts/000_yibin-power-battery-capital.yaml --pred /tmp/draft.yaml
        kg eval --gold data/facts/000_yibin-power-battery-capital.yaml --pred /tmp/draft.yaml --format json
    """
    import json

    evaluation = project(Path("data"), Path("ontology/kg.ttl")).evaluate(gold_path, pred_path, sources=sources_dir)
    if fmt == "json":
        click.echo(json.dumps(evaluation.as_data(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(evaluation.table(), nl=False)


