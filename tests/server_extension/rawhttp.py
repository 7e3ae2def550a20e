"""A browser's side of one HTTP/1.1 connection, byte by byte: to see a stream arrive as it is
sent, and to hang up in the middle of it."""

import asyncio
import re


class RawConnection:
    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.received = b""

    @classmethod
    async def request(cls, port, method, path, headers, body=b""):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        return cls(reader, writer)

    async def read_until(self, pattern, timeout=15.0):
        """Read until `pattern` (bytes regex) matches what arrived since the last match."""
        regex = re.compile(pattern)
        start = len(self.received)

        async def read():
            while True:
                match = regex.search(self.received, start)
                if match:
                    return match
                chunk = await self.reader.read(65536)
                if not chunk:
                    raise EOFError(f"closed before {pattern!r}; got {self.received[-500:]!r}")
                self.received += chunk

        return await asyncio.wait_for(read(), timeout)

    @property
    def status(self):
        return int(self.received.split(b" ", 2)[1])

    def close(self):
        self.writer.close()
