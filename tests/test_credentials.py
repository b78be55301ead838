"""A password in a URL is refused by every option that takes a URL, with the same line as --endpoint: never
printed, and the host never resolved (an audit hook watches the resolver)."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from kg.cli import main

SECRET = "PASSWORD-2f9c"
_resolved: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.connect"):
        _resolved.append(repr(args))


sys.addaudithook(_audit)


@pytest.mark.parametrize("args, refused", [
    (["push", "--endpoint", "http://127.0.0.1:9/query", "--gsp", f"http://kg:{SECRET}@gsp.invalid/store"],
     "http://gsp.invalid: the --gsp URL"),
    (["push", "--endpoint", f"http://kg:{SECRET}@push.invalid/query"], "http://push.invalid: the endpoint URL"),
    (["query", "--endpoint", f"http://kg:{SECRET}@query.invalid/sparql", "-e", "ASK {}"],
     "http://query.invalid: the endpoint URL"),
    (["query", "--store", f"https://kg:{SECRET}@store.invalid/sparql", "-e", "ASK {}"],
     "https://store.invalid: the endpoint URL"),
    (["build", "--store", f"http://kg:{SECRET}@build.invalid/sparql"], "http://build.invalid: the endpoint URL"),
    (["serve", "--store", f"http://kg:{SECRET}@serve.invalid/sparql"], "http://serve.invalid: the endpoint URL"),
    (["query", "-e", "ASK {}"], "http://env.invalid: the endpoint URL"),  # from $KG_STORE
], ids=["push --gsp", "push --endpoint", "query --endpoint", "query --store", "build --store", "serve --store",
        "KG_STORE"])
def test_a_url_with_a_password_is_refused_in_one_line_unprinted_and_unresolved(graph_file, monkeypatch, args, refused):
    monkeypatch.setenv("KG_STORE", f"http://{SECRET}@env.invalid/sparql")
    if args[0] == "push":
        args = [*args, "--graph", str(graph_file)]
    _resolved.clear()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.output == (f"kg: error: {refused} holds a user name or password; "
                             "remove it and set $KG_USER and $KG_PASSWORD or a ~/.netrc entry instead\n")
    assert SECRET not in result.output
    assert _resolved == []


@pytest.mark.parametrize("args", [
    ["push", "--endpoint", f"ftp://kg:{SECRET}@h.invalid/query"],
    ["query", "--endpoint", f"ftp://kg:{SECRET}@h.invalid/query", "-e", "ASK {}"],
    ["query", "--store", f"ftp://kg:{SECRET}@h.invalid/query", "-e", "ASK {}"],
])
def test_a_url_kg_does_not_take_is_refused_without_its_password(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (1, 2)
    assert SECRET not in result.output and "ftp://...@h.invalid" in result.output
