"""A TCP proxy on loopback that makes every segment cross a network of a fixed round trip.

    with LatencyProxy(upstream_port, rtt_s=0.040) as proxy:   # on its own thread and loop
        url = f"https://127.0.0.1:{proxy.port}"

Each chunk read from one side is written to the other ``rtt_s / 2`` later (in order, whatever
arrives meanwhile: a pipelined second chunk arrives half a round trip after *it* was sent, not
after the first one). TCP's own handshake happens in the kernel, where no user-space proxy can
delay it, so the proxy adds it where its cost shows: what the client sends first on a
connection leaves only one round trip after the connection was accepted (when a SYN-ACK would
have reached it), so a new connection costs the round trip of TCP before the one of TLS. Both
sides must be on loopback (the proxy listens on 127.0.0.1 and refuses any other upstream): it is
a benchmark's stand-in for a network, not a network tool. TLS passes through untouched (the
client's handshake is with the server behind the proxy).

Used by the benchmarks only (bench_tls.py), which check what it does: the round trip they
measure through it must be at least the one asked for.
"""

from __future__ import annotations

import asyncio
import collections
import ipaddress
import threading
from collections.abc import Callable


class _Pipe:
    """One direction of one connection: chunks written to ``target`` when they are due."""

    def __init__(self, loop: asyncio.AbstractEventLoop, delay: float,
                 not_before: float = 0.0) -> None:
        self._loop = loop
        self._delay = delay
        self._not_before = not_before  # loop time before which nothing leaves (TCP's handshake)
        self._queue: collections.deque[tuple[float, bytes | None]] = collections.deque()
        self._timer: asyncio.TimerHandle | None = None
        self.target: asyncio.Transport | None = None

    def send(self, data: bytes | None) -> None:
        """Queue ``data`` (None: the end of the connection) to arrive one delay from now."""
        due = max(self._loop.time(), self._not_before) + self._delay
        self._queue.append((due, data))
        if self._timer is None:
            self._timer = self._loop.call_at(due, self._drain)

    def _drain(self) -> None:
        self._timer = None
        if self.target is None:  # the upstream connection is not open yet: a moment more
            self._timer = self._loop.call_later(0.0005, self._drain)
            return
        now = self._loop.time()
        while self._queue and self._queue[0][0] <= now:
            _due, data = self._queue.popleft()
            if self.target.is_closing():
                continue
            if data is None:
                self.target.close()  # after what is buffered has been written
            else:
                self.target.write(data)
        if self._queue:
            self._timer = self._loop.call_at(self._queue[0][0], self._drain)


class _Side(asyncio.Protocol):
    """One socket of a proxied connection: what it reads goes into ``outgoing``; when it is
    made, ``incoming`` (the other direction) writes to it."""

    def __init__(self, outgoing: _Pipe, incoming: _Pipe,
                 on_made: Callable[[], None] | None = None) -> None:
        self._outgoing, self._incoming = outgoing, incoming
        self._on_made = on_made

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._incoming.target = transport
        if self._on_made is not None:
            self._on_made()

    def data_received(self, data: bytes) -> None:
        self._outgoing.send(data)

    def eof_received(self) -> bool:
        self._outgoing.send(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._outgoing.send(None)


class LatencyProxy:
    """Listens on 127.0.0.1 (a free port), forwards to ``upstream_port`` on loopback."""

    def __init__(self, upstream_port: int, rtt_s: float, upstream_host: str = "127.0.0.1") -> None:
        if not ipaddress.ip_address(upstream_host).is_loopback:
            raise ValueError(f"the latency proxy only forwards to loopback, not {upstream_host}")
        self.upstream = (upstream_host, upstream_port)
        self.rtt_s = rtt_s
        self.port = 0
        self.connections = 0  # accepted so far: how many TCP (and TLS) handshakes were paid
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="latency-proxy",
                                        daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def _accept(self) -> asyncio.Protocol:
        """A new client connection: its two pipes, and the upstream connection opened at once
        (on loopback) while what the client sends waits out TCP's handshake."""
        self.connections += 1
        loop, delay = self._loop, self.rtt_s / 2
        to_server = _Pipe(loop, delay, not_before=loop.time() + self.rtt_s)
        to_client = _Pipe(loop, delay)

        async def connect() -> None:
            try:
                await loop.create_connection(lambda: _Side(to_client, to_server), *self.upstream)
            except OSError:  # nothing listens there: the client's connection ends
                if to_client.target is not None:
                    to_client.target.close()

        def open_upstream() -> None:
            self._tasks.add(task := loop.create_task(connect()))
            task.add_done_callback(self._tasks.discard)

        return _Side(to_server, to_client, on_made=open_upstream)

    async def _start(self) -> None:
        self._server = await self._loop.create_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def start(self) -> LatencyProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()

        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def __enter__(self) -> LatencyProxy:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
