#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A slow HTTP/1.1 target for the benchmarks: answers every request 200 after a fixed delay.

Keep-alive, one asyncio event loop, no threads. Every request is appended to --log as one
line "PATH IDEMPOTENCY-KEY HTTP/1.1" ("-" for a missing key), so bench/run can check that each message
reached the target. Prints "LISTENING <port>" on stdout once it accepts connections; SIGTERM or
SIGINT flushes the log and exits 0.

Python stdlib only. Sustains well over 2,500 requests/s with 128 keep-alive connections and a
50 ms delay on one core (bench/run checks the rate it reaches in every run).
"""

import argparse
import asyncio
import collections
import signal
import sys

RESPONSE_BODY = b'{"ok":true}\n'
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(RESPONSE_BODY)).encode() + b"\r\n\r\n" + RESPONSE_BODY)
RESPONSE_CLOSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                  b"Content-Length: " + str(len(RESPONSE_BODY)).encode() + b"\r\n\r\n"
                  + RESPONSE_BODY)
BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
MAX_HEADER = 64 * 1024


class Stats:
    def __init__(self, log_path):
        self.requests = 0
        self.connections = 0
        self.keys = []
        self.log = open(log_path, "ab") if log_path else None

    def flush(self):
        if self.log and self.keys:
            self.log.write(b"".join(p + b" " + k + b" HTTP/1.1\n" for p, k in self.keys))
            self.log.flush()
        self.keys.clear()


class SlowHttp(asyncio.Protocol):
    """One keep-alive connection. Requests may be pipelined; answers keep their order."""

    def __init__(self, loop, delay, stats):
        self.loop = loop
        self.delay = delay
        self.stats = stats
        self.buf = bytearray()
        self.transport = None
        self.due = collections.deque()  # (due time, close after answering)
        self.timer = None
        self.closing = False

    def connection_made(self, transport):
        self.transport = transport
        self.stats.connections += 1

    def connection_lost(self, exc):
        if self.timer:
            self.timer.cancel()
        self.transport = None

    def data_received(self, data):
        self.buf += data
        while not self.closing:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buf) > MAX_HEADER:
                    self.fail()
                return
            head = bytes(self.buf[:end]).split(b"\r\n")
            request_line = head[0].split(b" ")
            path = request_line[1] if len(request_line) == 3 else b"-"
            length = 0
            chunked = False
            close = False
            key = b"-"
            for line in head[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    try:
                        length = int(value)
                    except ValueError:
                        self.fail()
                        return
                elif name == b"idempotency-key":
                    key = value.strip() or b"-"
                elif name == b"transfer-encoding":
                    chunked = b"chunked" in value.lower()
                elif name == b"connection":
                    close = b"close" in value.lower()
            start = end + 4
            if chunked:
                consumed = self.chunked_length(start)
                if consumed is None:
                    return  # wait for the rest
                if consumed < 0:
                    self.fail()
                    return
                del self.buf[:consumed]
            else:
                if len(self.buf) < start + length:
                    return
                del self.buf[:start + length]
            self.stats.requests += 1
            self.stats.keys.append((path, key))
            self.due.append((self.loop.time() + self.delay, close))
            if close:
                self.closing = True
            if self.timer is None:
                self.timer = self.loop.call_at(self.due[0][0], self.answer)

    def chunked_length(self, pos):
        """Bytes up to the end of a chunked body starting at pos, None if incomplete, -1 if bad."""
        buf = self.buf
        while True:
            eol = buf.find(b"\r\n", pos)
            if eol < 0:
                return None
            try:
                size = int(bytes(buf[pos:eol]).split(b";")[0], 16)
            except ValueError:
                return -1
            pos = eol + 2
            if size == 0:
                # trailers end with an empty line
                end = buf.find(b"\r\n", pos)
                while end >= 0 and end != pos:
                    pos = end + 2
                    end = buf.find(b"\r\n", pos)
                return None if end < 0 else end + 2
            if len(buf) < pos + size + 2:
                return None
            pos += size + 2

    def answer(self):
        self.timer = None
        if self.transport is None:
            return
        now = self.loop.time()
        out = []
        while self.due and self.due[0][0] <= now:
            _, close = self.due.popleft()
            out.append(RESPONSE_CLOSE if close else RESPONSE)
            if close:
                break
        self.transport.write(b"".join(out))
        if self.closing and not self.due:
            self.transport.close()
            return
        if self.due:
            self.timer = self.loop.call_at(self.due[0][0], self.answer)

    def fail(self):
        self.closing = True
        if self.transport:
            self.transport.write(BAD_REQUEST)
            self.transport.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay-ms", type=float, default=50.0)
    parser.add_argument("--log", help="append 'PATH KEY HTTP/1.1' per request to this file")
    args = parser.parse_args()

    loop = asyncio.get_running_loop()
    stats = Stats(args.log)
    server = await loop.create_server(lambda: SlowHttp(loop, args.delay_ms / 1000.0, stats),
                                      "127.0.0.1", args.port, backlog=1024, reuse_address=True)
    port = server.sockets[0].getsockname()[1]
    print(f"LISTENING {port}", flush=True)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass
        stats.flush()
    server.close()
    stats.flush()
    print(f"STOPPED requests={stats.requests} connections={stats.connections}", file=sys.stderr,
          flush=True)


if __name__ == "__main__":
    asyncio.run(main())
