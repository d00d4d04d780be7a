"""Several service processes on one listening socket, with TCP_NODELAY on every connection.

``uvicorn.run(..., workers=N)`` binds the listening socket with ``proto`` 0; accepted connections
inherit it and asyncio sets TCP_NODELAY only on sockets that say ``IPPROTO_TCP``. Nagle's algorithm
then holds each response's last segment until the client's delayed ACK: about 40 ms on every
keep-alive request (uvicorn issue #3149). Here the socket uvicorn binds is re-wrapped as TCP before
the workers inherit it; everything else is uvicorn's own supervisor.
"""

from __future__ import annotations

import socket
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess


class _TcpConfig(uvicorn.Config):
    """uvicorn's configuration, binding TCP listeners that say they are TCP."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
            return sock
        tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.set_inheritable(True)
        return tcp


def run_workers(app: str, **options: Any) -> None:
    """Serve the import string ``app`` from ``options["workers"]`` processes (``uvicorn.run``'s options)."""
    config = _TcpConfig(app, **options)
    try:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    except KeyboardInterrupt:  # pragma: no cover - the supervisor stops its workers itself
        pass
