#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A --console-socket peer for the tests: accept one connection, receive the
pty master (SCM_RIGHTS), report the name runc-mini sent, then copy the
terminal's output to stdout until EOF (or --seconds), optionally typing a
line into it first."""
import array, os, select, socket, sys, time

path = sys.argv[1]
typed = sys.argv[2] if len(sys.argv) > 2 else None
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
open(path + ".ready", "w").close()
conn, _ = srv.accept()
fds = array.array("i")
msg, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(fds.itemsize))
for level, kind, data in anc:
    if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
        fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
print("name=" + msg.decode(), flush=True)
master = fds[0]
if typed is not None:
    os.write(master, (typed + "\n").encode())
end = time.time() + seconds
while time.time() < end:
    r, _, _ = select.select([master], [], [], 0.1)
    if r:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        sys.stdout.write(data.decode(errors="replace"))
        sys.stdout.flush()
