"""``riskengine serve --workers N``: the shared listening socket is TCP, so connections get TCP_NODELAY."""

from __future__ import annotations

import socket

from riskengine.service.workers import _TcpConfig


def test_the_workers_listening_socket_says_it_is_tcp():
    # uvicorn's own bind leaves proto 0, and asyncio then leaves Nagle on: ~40 ms per keep-alive request
    sock = _TcpConfig("riskengine.service.asgi:app_from_environment", host="127.0.0.1", port=0).bind_socket()
    try:
        assert sock.family == socket.AF_INET
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.get_inheritable()
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()
