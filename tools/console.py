#!/usr/bin/env python3
"""Connect this terminal to a QEMU console on a TCP port (`make console`, for `make gdb`).

    python3 tools/console.py PORT     keys go to the UART, its output comes here; Ctrl-] quits

The terminal is put in raw mode, so Ctrl-C and the arrow keys reach parley's shell.
"""
import os
import select
import socket
import sys
import termios
import time
import tty

QUIT = b"\x1d"  # Ctrl-]


def connect(port):
    for _ in range(50):
        try:
            return socket.create_connection(("127.0.0.1", port))
        except OSError:
            time.sleep(0.1)
    sys.exit(f"console: nothing listens on port {port}: start `make gdb` first")


def relay(sock):
    fd = sys.stdin.fileno()
    while True:
        ready, _, _ = select.select([sock, fd], [], [])
        if sock in ready:
            data = sock.recv(4096)
            if not data:
                return "QEMU closed the console"
            os.write(sys.stdout.fileno(), data)
        if fd in ready:
            keys = os.read(fd, 64)
            if QUIT in keys:
                return "quit"
            sock.sendall(keys)


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: tools/console.py PORT")
    sock = connect(int(sys.argv[1]))
    print("console: connected; Ctrl-] quits\r")
    saved = termios.tcgetattr(sys.stdin.fileno())
    try:
        tty.setraw(sys.stdin.fileno())
        why = relay(sock)
    finally:
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)
    print(f"\nconsole: {why}")


if __name__ == "__main__":
    main()
