"""kg serve's guards, on a real kg serve process: the Host check (DNS rebinding), the three security headers on
every answer, a header read timeout and a connection limit, and pages that work under their policy in a real
browser."""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import pytest
from conftest import ONTOLOGY, ROOT
from servers import free_port, running

from kg.serve.guards import CONTENT_SECURITY_POLICY

HEADER_TIMEOUT = 1.5
MAX_CONNECTIONS = 6


@pytest.fixture(scope="module")
def server(graph_file, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("guards-log") / "stderr.txt"
    command = [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph_file), "--port", str(port),
               "--workers", "1", "--ontology", str(ONTOLOGY), "--allow-host", "kg.example.org",
               "--header-timeout", str(HEADER_TIMEOUT), "--max-connections", str(MAX_CONNECTIONS)]
    with running(command, port, log=log, cwd=ROOT) as url:
        yield port, url


def request(port: int, path: str = "/", host: str | None = None, seconds: float = 30) -> tuple[int, dict, bytes]:
    """One GET on a new connection (closed after it): status, headers (lower-case names), body."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(seconds)
        host = host if host is not None else f"127.0.0.1:{port}"
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict((k.lower(), v.strip()) for k, v in (line.split(":", 1) for line in lines[1:]))
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("[::1]:{port}", 200), ("LOCALHOST", 200),
    ("kg.example.org", 200),  # --allow-host
    ("evil.example:{port}", 421), ("evil.example", 421), ("127.0.0.1.evil.example", 421), ("", 421),
])
def test_a_server_on_loopback_answers_only_requests_sent_to_a_loopback_name(server, host, status):
    port, _ = server
    got, headers, body = request(port, "/sparql?query=ASK%7B%7D", host.format(port=port))
    assert got == status
    if status == 421:
        assert body.startswith(b"this server does not answer requests for the host ")


@pytest.mark.parametrize("path", ["/", "/sparql?query=ASK%7B%7D", "/sparql", "/graph", "/nothing-here"])
def test_every_answer_carries_the_security_headers(server, path):
    port, _ = server
    for host in (f"127.0.0.1:{port}", "evil.example"):
        status, headers, _ = request(port, path, host)
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, (path, status)
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def half_request(port: int) -> socket.socket:
    """A connection that sends part of a request's headers and no more."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET / HTTP/1.1\r\nHo")
    return sock


def test_a_connection_that_does_not_finish_its_headers_is_closed_after_the_timeout(server):
    port, _ = server
    sock = half_request(port)
    sock.settimeout(HEADER_TIMEOUT + 10)
    start = time.monotonic()
    assert sock.recv(1024) == b""  # closed by the server
    assert HEADER_TIMEOUT - 0.2 <= time.monotonic() - start < HEADER_TIMEOUT + 5
    sock.close()


def test_past_the_connection_limit_a_request_gets_503_and_the_server_recovers(server):
    port, _ = server
    held = [half_request(port) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.2)
        assert request(port)[0] == 503
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    assert request(port)[0] == 200


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CI") != "true", reason="no /usr/bin/chromium")
def test_the_pages_work_under_their_policy_in_a_real_browser(server):
    """The query page answers a query, and the graph page draws, with no request refused by the policy."""
    from playwright.sync_api import sync_playwright

    _, url = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{url}/graph")
            page.wait_for_function("window.kgReady === true", timeout=60_000)
            assert page.evaluate("nodes.get().length") > 10
            page.goto(f"{url}/")
            page.fill("#query", "SELECT ?city WHERE { ?city a kgo:City } LIMIT 3")
            page.locator("#form").evaluate("form => form.requestSubmit()")
            page.wait_for_selector("#results table", timeout=30_000)
            assert "https://kg.example.org/id/yibin" in page.locator("#results table").inner_text()
            assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
            assert errors == []
        finally:
            browser.close()
