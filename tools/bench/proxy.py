"""A TCP relay on 127.0.0.1 that the load test can freeze, standing in for a stalled database.

`python -m tools.bench.proxy LISTEN_PORT TARGET_PORT` relays every connection to
127.0.0.1:TARGET_PORT. `Proxy` runs it in its own process: SIGSTOP freezes it (the kernel still
accepts connections and takes the bytes sent, but nothing is relayed either way, as with a
server that stopped answering), SIGCONT resumes it with every connection intact.
"""

import asyncio
import socket
import subprocess
import sys
from functools import partial
from pathlib import Path

from .services import HOST, Child, spare_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


async def handle(target_port: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection(HOST, target_port)
    except OSError:
        writer.close()
        return
    await asyncio.gather(relay(reader, upstream_writer), relay(upstream_reader, writer))


async def serve(listen_port: int, target_port: int) -> None:
    server = await asyncio.start_server(partial(handle, target_port), HOST, listen_port)
    async with server:
        await server.serve_forever()


class Proxy(Child):
    """The relay in a subprocess, on a spare port, to 127.0.0.1:target_port."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = spare_port()

    def start(self) -> None:
        command = [sys.executable, "-m", "tools.bench.proxy", str(self.port), str(self.target_port)]
        self.process = subprocess.Popen(command, cwd=ROOT)
        wait_for(self.listening, 10, f"the proxy on port {self.port}")

    def listening(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1):
                return True
        except OSError:
            return False


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), int(sys.argv[2])))
