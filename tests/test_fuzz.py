"""Property-based fuzzing (hypothesis): facts files as text and as raw bytes, cache entries, and HTTP requests to a
real kg serve. Whatever comes in: no traceback (only KgError, one line), no hang, and nothing outside the
project opened (an audit hook on "open")."""

from __future__ import annotations

import os
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest
from conftest import FACTS_FILE, ONTOLOGY, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers import free_port, running

from kg.build.cache import _Cache
from kg.build.entries import BadEntry, dumps, loads
from kg.errors import KgError
from kg.facts.loader import load_facts_file

FUZZ = settings(max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SEED = FACTS_FILE.read_text(encoding="utf-8")
HOSTILE_NAMES = ["../../etc/passwd", "/etc/passwd", "/proc/self/environ", "../secret.txt", "leak.txt", "pipe",
                 "..", ".", "", "sub/../../x", "\x00", "C:\\x", "~/x", "%2e%2e/x"]
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, Path]:
    """A project (data/facts, data/sources with a symlink out and a FIFO), and a secret file beside it."""
    root = tmp_path_factory.mktemp("fuzz")
    secret = root / "secret.txt"
    secret.write_text("Yibin is a city.\n", encoding="utf-8")
    data = root / "project" / "data"
    shutil.copytree(ROOT / "data" / "sources", data / "sources")
    (data / "facts").mkdir()
    (data / "sources" / "leak.txt").symlink_to(secret)
    os.mkfifo(data / "sources" / "pipe")
    return data, secret


_CONTRACT = []


def contract():
    from kg.facts.ontology import Contract, load_ontology

    if not _CONTRACT:
        _CONTRACT.append(Contract.from_graph(load_ontology(ONTOLOGY)))
    return _CONTRACT[0]


def load_only_inside(data: Path, secret: Path, text: bytes) -> None:
    """Write ``text`` as a facts file, read it and build its graph: a KgError or a graph, nothing else, and
    nothing opened outside the project (the secret, /etc, /proc) on the way."""
    global _opened
    from kg.facts.graph import GraphBuilder

    path = data / "facts" / "fuzzed.yaml"
    path.write_bytes(text)
    rules = contract()
    _opened = []
    try:
        GraphBuilder(rules).add_all([load_facts_file(path, data / "sources")], [])
    except KgError as exc:
        assert "\n" not in str(exc)
    finally:
        opened, _opened = _opened, None
    outside = [p for p in opened if p == str(secret) or p.startswith(("/etc/", "/proc/", "/root/", "/home/"))]
    assert outside == []


def mutations() -> st.SearchStrategy[bytes]:
    """The seed's facts file with a few of its lines replaced, deleted or repeated, a hostile source name or a
    value of odd text in some places."""
    lines = SEED.split("\n")
    values = st.one_of(st.sampled_from(HOSTILE_NAMES), st.text(max_size=30),
                       st.integers(min_value=-10**30, max_value=10**30).map(str),
                       st.sampled_from(["9" * 5000, "1e99999", "-0", "[]", "{}", "!!python/object:os.system", "*a",
                                        "&a [*a]", "\"\\e[31m\"", "\"\\u202e\"", "2022-13-45", "~", "nan"]))
    edit = st.tuples(st.integers(0, len(lines) - 1), st.sampled_from(["value", "delete", "repeat", "source"]), values)

    def apply(edits) -> bytes:
        out = list(lines)
        for index, how, value in edits:
            index %= len(out)
            if how == "value" and ":" in out[index]:
                out[index] = out[index].split(":", 1)[0] + ": " + value
            elif how == "delete":
                del out[index]
            elif how == "repeat":
                out.insert(index, out[index])
            elif how == "source":
                out = [f"  file: {value}" if line.startswith("  file: ") else line for line in out]
            if not out:
                out = [""]
        return "\n".join(out).encode("utf-8", "surrogatepass")

    return st.lists(edit, min_size=1, max_size=4).map(apply)


@FUZZ
@given(text=mutations())
def test_fuzzed_facts_files_are_read_or_refused_in_one_line(project, text):
    load_only_inside(*project, text)


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      mutations().flatmap(lambda b: st.integers(0, max(0, len(b) - 1)).map(
                          lambda i: b[:i] + bytes([b[i] ^ 0x80]) + b[i + 1:] if b else b))))
def test_raw_bytes_as_facts_files_are_read_or_refused_in_one_line(project, data):
    load_only_inside(*project, data)


@pytest.fixture(scope="module")
def entry() -> bytes:
    """A real cache entry: the seed's parsed facts file."""
    return dumps("facts", load_facts_file(FACTS_FILE, ROOT / "data" / "sources"))


@FUZZ
@given(st.data())
def test_fuzzed_cache_entries_are_dropped_never_raised(entry, tmp_path_factory, data):
    blob = data.draw(st.one_of(
        st.binary(max_size=500),
        st.tuples(st.integers(0, len(entry) - 1), st.binary(min_size=1, max_size=8)).map(
            lambda cut: entry[:cut[0]] + cut[1] + entry[cut[0] + len(cut[1]):]),
        st.integers(0, len(entry)).map(lambda n: entry[:n]),
    ))
    kind = data.draw(st.sampled_from(["facts", "part", "merge-state"]))
    try:
        loads(blob, kind)
    except BadEntry:
        pass
    folder = tmp_path_factory.mktemp("entries")
    (folder / "k.entry").write_bytes(blob)
    cache = _Cache(folder)
    found = cache.peek("k", "facts")
    assert found is None or type(found).__name__ == "FactsFile"
    assert (found is None) == bool(cache.dropped) or not (folder / "k.entry").exists()


@pytest.fixture(scope="module")
def server(graph_file, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("fuzz-serve") / "stderr.txt"
    command = [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph_file), "--port", str(port),
               "--workers", "1", "--ontology", str(ONTOLOGY), "--timeout", "3", "--header-timeout", "2"]
    with running(command, port, log=log, cwd=ROOT):
        yield port, log


TOKEN = st.text(st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":"), min_size=1, max_size=12)


def requests() -> st.SearchStrategy[bytes]:
    method = st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "get", "X" * 40])
    path = st.one_of(st.sampled_from(["/", "/sparql", "/graph", "/sparql?query=ASK%7B%7D", "/../etc/passwd",
                                      "/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D",
                                      "/sparql?query=%ZZ", "*", "http://evil.example/"]),
                     st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=40).map(lambda p: "/" + p))
    headers = st.lists(st.tuples(st.sampled_from(["Content-Type", "Content-Length", "Transfer-Encoding", "Accept",
                                                  "Host", "Expect", "Connection"]) | TOKEN,
                                 st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded",
                                                  "chunked", "-1", "99999999999999999999", "0", "100-continue",
                                                  "text/turtle", "localhost", "close"]) | TOKEN),
                       max_size=5)
    body = st.one_of(st.binary(max_size=300), st.sampled_from([b"query=ASK%7B%7D", b"ASK {}", b"5\r\nASK{}\r\n0\r\n\r\n",
                                                                b"ZZ\r\n", b"SELECT * WHERE { SERVICE <http://x/> {} }"]))

    def assemble(parts) -> bytes:
        m, p, hs, b = parts
        head = f"{m} {p} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hs)
        return head.encode("utf-8", "replace") + b"\r\n" + b

    return st.one_of(st.tuples(method, path, headers, body).map(assemble), st.binary(max_size=200))


@FUZZ
@given(raw=requests())
def test_fuzzed_http_requests_get_an_answer_or_a_close_never_a_traceback_or_a_hang(server, raw):
    port, log = server
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)  # the client says no more: the server must answer or close, now
        sock.settimeout(20)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    assert time.monotonic() - start < 20
    if answer:
        assert answer.startswith(b"HTTP/1.1 ")
        assert int(answer[9:12]) < 500 or answer[9:12] == b"503", answer[:300]
    assert "Traceback" not in log.read_text(errors="replace")
