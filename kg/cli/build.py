"""kg build: the facts files -> out/graph.ttl, the embedded store and the manifest."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import (
    DATA_OPTION,
    ONTOLOGY_OPTION,
    STORE_OPTION,
    Choice,
    echo_report,
    in_project,
    progress,
    project,
    say,
    shown,
    user_errors,
)
from kg.errors import KgError, ValidationFailed


@click.command()
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=in_project("out"),
              show_default="out/ of the project",
              help="Folder to write graph.ttl into.")
@click.option("--no-validate", "skip_validation", is_flag=True,
              help="Do not check the graph against ontology/shapes.ttl (SHACL) before writing it.")
@click.option("--reason", type=Choice(["rdfs", "owlrl"]), default=None,
              help="Also write OUT/inferred.ttl: the triples the ontology entails (owlrl).")
@STORE_OPTION
@click.option("--executor", default="local", show_default=True, metavar="local|serial|dask://HOST:PORT",
              help="Where the per-document work runs: a process per core, this process, or a Dask cluster.")
@click.option("--wait", type=click.FloatRange(min=0), default=600, show_default=True, metavar="SECONDS",
              help="How long to wait for another build of the same OUT to finish before giving up.")
@click.option("--max-facts-size", default=10.0, show_default=True, type=click.FloatRange(min=0.001), metavar="MB",
              help="Largest facts file read, in megabytes (a larger one is refused: split it).")
@click.option("--max-entities", default=20_000, show_default=True, type=click.IntRange(min=1),
              help="Most entities one facts file may declare.")
@click.option("-v", "--verbose", is_flag=True,
              help="Also show what the libraries kg runs say (Dask's distributed, say), which kg keeps quiet.")
@user_errors
def build(data_dir: Path, ontology_path: Path, out_dir: Path, skip_validation: bool, reason: str | None,
          store: str | None, executor: str, wait: float, max_facts_size: float, max_entities: int,
          verbose: bool) -> None:
    """Build the knowledge graph from the facts files and write it as Turtle.

    Reads every data/facts/*.yaml with the source documents they quote,
    checks each fact against the ontology and its quote against the source,
    validates the graph against the SHACL shapes (ontology/shapes.ttl) and
    writes OUT/graph.ttl, the embedded store OUT/oxigraph that every command
    reads, and OUT/build.json (what they were built from). Nothing is
    written if anything fails. One build of an OUT runs at a time: another
    waits for it (up to --wait SECONDS) and says so.

    Each document is built and validated on its own, on every core (or a
    Dask cluster, with --executor dask://HOST:PORT), and kept in OUT/.cache
    under the digest of its inputs: after an edit, only the edited
    documents are done again. A cluster without workers for $KG_DASK_TIMEOUT
    seconds (default 60) stops the build.

    With --reason, OUT/inferred.ttl receives what the ontology entails and the
    graph does not assert (rdfs: subclasses, subproperties, domains and ranges;
    owlrl: OWL 2 RL); OUT/graph.ttl stays asserted-only. Without --reason a
    stale OUT/inferred.ttl is deleted, so the two files never disagree.

    With --store oxigraph:DIR (or a remote endpoint) the graph and the ontology
    are also loaded into that store, replacing what it held.

    \b
    Examples:
        kg build
        kg build --reason rdfs
        kg build --out /tmp/kg --data data --no-validate
        kg build --store oxigraph:/data/kg-copy
        kg build --executor dask://127.0.0.1:8786
    """
    if verbose:
        import logging

        logging.getLogger("kg").setLevel(logging.DEBUG)
    kg_project = project(data_dir, ontology_path, out_dir)
    try:
        with progress():
            result = kg_project.build(validate=not skip_validation, reason=reason, executor=executor, store=store,
                                      wait=wait, max_facts_bytes=round(max_facts_size * 1_000_000),
                                      max_entities=max_entities)
    except ValidationFailed as failed:
        echo_report(failed.report, err=True)
        raise KgError(f"the built graph breaks {len(failed.report.violations)} SHACL rule(s) (above); nothing written")
    _echo_build(result, kg_project.paths, reason)


def _echo_build(result, paths, reason: str | None) -> None:
    made = result.made
    if made.removed_inferred:
        click.echo(f"Removed stale {paths.inferred_path} (built without --reason)", err=True)
    summary = made.summary
    say(f"Wrote {shown(made.graph_path)}")
    say(f"  triples       {summary.triples}")
    say(f"  sources       {summary.sources}")
    say(f"  excerpts      {summary.excerpts}")
    say(f"  observations  {summary.observations}")
    say(f"  statements    {summary.statements} (reified, with evidence)")
    say(f"  entities      {sum(summary.entities_by_class.values())}")
    for cls, count in summary.entities_by_class.items():
        say(f"    {cls:<28} {count}")
    if made.inferred is not None:
        say(f"Wrote {shown(paths.inferred_path)}: {made.inferred} inferred triples ({reason})")
    reused = f", {made.reused} of them from the cache" if made.reused else ""
    if made.store_change is None:
        say(f"Loaded the store {shown(paths.store_path)}, which every command reads "
                   f"({made.documents} document(s){reused})")
    else:
        removed, added = made.store_change
        say(f"Changed the store {shown(paths.store_path)}, which every command reads, by {removed} "
                   f"triple(s) out and {added} in ({made.documents} document(s){reused})")
    if result.loaded_into is not None:
        say(f"Loaded {summary.triples} triples and the ontology into {result.loaded_into}")
