"""Every message one line, and true: numbers too long to read, a malformed chunked body, a client that leaves
in the middle of its request."""

from __future__ import annotations

import socket
import sys
import time

import pytest
from conftest import FACTS_FILE, ONTOLOGY, ROOT
from servers import free_port, running

from kg.errors import SourceError
from kg.facts.folder import build_graph

PERIOD = "    period: 2022\n"  # the first observation's period, at line 568 of the seed's facts file


@pytest.mark.parametrize("replacement, message", [
    ("    period: " + "9" * 5000 + "\n", ":568: a number of 5,000 digits; no figure has so many"),
    (PERIOD + "    value: " + "9" * 5000 + "\n", ":569: a number of 5,000 digits; no figure has so many"),
    (PERIOD + "    confidence: " + "1" * 4400 + "\n", ":569: a number of 4,400 digits; no figure has so many"),
    ("    period: 2022-13-45\n", ":568: '2022-13-45' cannot be read: month must be in 1..12"),
])
def test_a_value_yaml_cannot_read_is_one_line_naming_its_line(scratch_data, replacement, message):
    facts = scratch_data / "facts" / FACTS_FILE.name
    text = facts.read_text(encoding="utf-8")
    assert text.split("\n")[567] + "\n" == PERIOD
    facts.write_text(text.replace(PERIOD, replacement, 1), encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        build_graph(scratch_data, ONTOLOGY)
    assert str(raised.value) == f"{facts}{message}"


@pytest.fixture(scope="module")
def server(graph_file, tmp_path_factory):
    """kg serve as a subprocess, its log in a file the tests read."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve-log") / "stderr.txt"
    command = [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph_file), "--port", str(port),
               "--workers", "1", "--ontology", str(ONTOLOGY)]
    with running(command, port, log=log, cwd=ROOT):
        yield port, log


def exchange(port: int, request: bytes, seconds: float = 10) -> bytes:
    """Send ``request`` on a new connection and read until the server closes it."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request)
        sock.settimeout(seconds)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


HEAD = b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"


@pytest.mark.parametrize("body", [b"ZZZ\r\nASK {}\r\n0\r\n\r\n", b"5\r\nASK{}\r\n" * 1000 + b"QQ\r\n"],
                         ids=["bad first chunk", "bad chunk after a thousand"])
def test_a_malformed_chunked_body_is_400_not_414_and_no_traceback(server, body):
    port, log = server
    answer = exchange(port, HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + body)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.endswith(b"Malformed request body.\r\n0\r\n\r\n")
    time.sleep(0.5)
    assert "Traceback" not in log.read_text(errors="replace")


def test_a_client_that_leaves_in_the_middle_of_its_body_leaves_no_traceback(server):
    port, log = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(HEAD + b"Content-Length: 100\r\n\r\nASK")
        time.sleep(0.5)
    time.sleep(1)
    assert "Traceback" not in log.read_text(errors="replace")
    assert exchange(port, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n") \
        .startswith(b"HTTP/1.1 200 ")
