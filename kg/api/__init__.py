"""The front door: ``Project`` and ``open_project`` (``kg.open``), which a notebook and the command line call.

May import: every stage (serve, viz, export, analyze, extract, sparql, store, build, facts). Only kg.cli and the
``kg`` package's own names import it.
"""

from kg.api.answers import Analysis, Page, QueryAnswer
from kg.api.project import (
    BuildResult,
    Project,
    explain_draft,
    open_project,
    parse_params,
    write_drafts,
)
from kg.api.scaffold import init_project

__all__ = ["Analysis", "BuildResult", "Page", "Project", "QueryAnswer", "explain_draft", "init_project", "open_project", "parse_params", "write_drafts"]
