"""A TCP proxy to freeze in tests: `python -m tests.tcp_proxy <listen port> <target port>` (loopback).

Stopped with SIGSTOP, it freezes like a hung database server: the kernel still accepts
connections and acknowledges what is sent, and nothing ever answers. Prints "ready" once listening.
"""

import selectors
import socket
import sys


def serve(listen_port: int, target_port: int) -> None:
    listener = socket.create_server(("127.0.0.1", listen_port))
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    peers: dict[socket.socket, socket.socket] = {}
    print("ready", flush=True)
    while True:
        for key, _events in selector.select():
            sock = key.fileobj
            if sock is listener:
                client, _address = listener.accept()
                upstream = socket.create_connection(("127.0.0.1", target_port))
                peers[client], peers[upstream] = upstream, client
                selector.register(client, selectors.EVENT_READ)
                selector.register(upstream, selectors.EVENT_READ)
                continue
            data = sock.recv(65536)
            if data:
                peers[sock].sendall(data)
                continue
            other = peers.pop(sock)
            peers.pop(other, None)
            for closing in (sock, other):
                selector.unregister(closing)
                closing.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
