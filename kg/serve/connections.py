"""kg serve's connections: uvicorn's h11 protocol, with what kg adds (a true status for a request too long or
malformed, a deadline for a request's headers). Imported by ``kg.serve.app.run`` alone: uvicorn loads only
when a server starts."""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from kg.sparql.protocol import Answer, url_too_long

HEADERS = 64 * 1024  # room for the headers beside the longest URL


def protocol(max_url: int, header_timeout: float = 10.0) -> type:
    """uvicorn's h11 protocol, answering a request line longer than h11 reads with kg's 414 (431 for
    headers) instead of a bare 400 "Invalid HTTP request received", a malformed body with 400 (and the app
    told that the client left), and closing a connection that has not sent a request's headers within
    ``header_timeout`` seconds (uvicorn waits for ever: a client holding thousands of half-sent requests would
    hold as many file descriptors)."""
    return type("Protocol", (_Protocol,), {"max_url": max_url, "header_timeout": header_timeout})


class _Protocol(H11Protocol):
    max_url: int = 1_000_000
    header_timeout: float = 10.0
    _tail: bytes | None = None  # once refused: the last bytes received, while the rest is read and dropped
    _header_timer = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._await_headers()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._await_headers()  # the next request on this connection has as long

    def connection_lost(self, exc) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _headers_late(self) -> None:
        # h11 leaves IDLE once a request's line and headers are all in: until then, no request has begun.
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._tail is None:
            return super().data_received(data)
        self._drop(data)

    def _drop(self, data: bytes) -> None:
        # Closing with unread data makes the kernel reset the connection, and the client loses the answer:
        # read the request to its end (the blank line after its headers) first.
        self._tail = self._tail[-3:] + data
        if b"\r\n\r\n" in self._tail:
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        received, _ = self.conn.trailing_data  # what h11 held when it gave up
        cycle = getattr(self, "cycle", None)
        in_body = cycle is not None and not cycle.response_complete
        if in_body:
            # A malformed body (a bad chunk): the app waiting for it hears that the client left, and what it
            # answers goes nowhere (it would be a second response, and a traceback in the log).
            cycle.disconnected = True
            cycle.message_event.set()
        if self.conn.our_state not in (h11.IDLE, h11.SEND_RESPONSE):  # an answer went already: close
            self.transport.close()
            return
        if in_body:
            return super().send_400_response("Malformed request body.")
        if len(received) <= self.max_url + HEADERS:
            return super().send_400_response(msg)  # malformed, not too long
        self._refuse_long(received)

    def _refuse_long(self, received: bytes) -> None:
        answer = (url_too_long(self.max_url) if b"\r\n" not in received else
                  Answer.error(431, f"the request headers are longer than {HEADERS:,} bytes"))
        headers = [(b"content-type", answer.media_type.encode()), (b"connection", b"close")]
        for event in (h11.Response(status_code=answer.status, headers=headers),
                      h11.Data(data=answer.body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self._tail = b""
        self._drop(received[-4:])
        self.loop.call_later(10, self.transport.close)  # a client that never ends its request
