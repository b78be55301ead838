"""What kg serve checks and says on every request, before the app sees it: the Host it was sent to, and the
headers that tell a browser what the pages may do.

A server on 127.0.0.1 is not private from the web pages its user opens: a
page on evil.example can make its own name resolve to 127.0.0.1 (DNS
rebinding) and read the answers, as its own. The browser sends
``Host: evil.example`` then, so a server bound to loopback answers only
requests that name it by a loopback name (421 otherwise); ``--allow-host``
adds a name (a reverse proxy's). Bound to another address, the server is
reachable by design, and only ``--allow-host`` names (with the address) are
checked, if given.

Every answer carries ``Content-Security-Policy`` (the pages load nothing from
elsewhere and send nothing elsewhere; no page may frame them),
``X-Content-Type-Options: nosniff`` (an answer is what its type says) and
``Referrer-Policy: no-referrer`` (a query in the URL does not leak to links).
"""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
# The pages are built with their scripts and styles inline (kg viz writes one self-contained file); nothing
# else loads from anywhere, and forms and fetches go to this server alone. Scripts may come from this server
# too: a large graph page's parts (/graph_files/, text/javascript; nosniff keeps any other answer from running).
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "img-src data: blob:; font-src data:; connect-src 'self'; form-action 'self'; "
                           "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def is_loopback(host: str) -> bool:
    """True for a loopback address or ``localhost``.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bound: str, extra: tuple[str, ...] = ()) -> frozenset[str] | None:
    """The names a request's Host may give (without port, lower case), or None for any: loopback names when
    ``bound`` is a loopback address, the ``extra`` names (--allow-host) in any case.

    >>> sorted(allowed_hosts("127.0.0.1"))
    ['127.0.0.1', '::1', 'localhost']
    >>> allowed_hosts("0.0.0.0") is None, sorted(allowed_hosts("0.0.0.0", ("kg.example.org",)))
    (True, ['0.0.0.0', 'kg.example.org'])
    """
    names = {name.lower().strip("[]") for name in extra}
    if is_loopback(bound):
        return frozenset(names | set(LOOPBACK_NAMES) | {bound.lower().strip("[]")})
    return frozenset(names | {bound.lower().strip("[]")}) if names else None


def host_name(header: str) -> str:
    """The name of a Host header, without its port, brackets or final dot, in lower case.

    >>> host_name("LocalHost:7878"), host_name("[::1]:7878"), host_name("example.org.")
    ('localhost', '::1', 'example.org')
    """
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


class Guards:
    """ASGI middleware: the Host check (421 if the name is not allowed) and the security headers on every
    answer. ``allowed``: the names of ``allowed_hosts`` (None: any Host)."""

    def __init__(self, app, allowed: frozenset[str] | None = None):
        self.app, self.allowed = app, allowed

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed is not None:
            header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if host_name(header) not in self.allowed:
                await _misdirected(send, header)
                return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _misdirected(send, header: str) -> None:
    body = (f"this server does not answer requests for the host {header[:100]!r}; kg serve --allow-host NAME "
            "adds a name\n").encode("utf-8", "replace")
    await send({"type": "http.response.start", "status": 421,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
