#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""seccomp-agent.py SOCKET OUTDIR [CONNECTIONS] - a small seccomp agent
(runtime-spec, linux.seccomp.listenerPath) for seccomp.bats.

Listens on SOCKET; for each of CONNECTIONS (default 1) connections it
receives the container process state (JSON) with the listener fd
(SCM_RIGHTS), and writes OUTDIR/state.N.json and OUTDIR/fds.N (how many fds
came). Then it answers every notification: mkdir and mkdirat get a fake
success (return 0, nothing is created), anything else (not expected) gets
ENOSYS. When every listener has hung up (the processes exited) it writes
OUTDIR/calls: one line "NAME PID" per notified call, and exits.
"""
import array
import fcntl
import json
import os
import select
import socket
import struct
import sys

# struct seccomp_notif {u64 id; u32 pid; u32 flags; struct seccomp_data
# {int nr; u32 arch; u64 ip; u64 args[6]}} = 80 bytes;
# struct seccomp_notif_resp {u64 id; s64 val; s32 error; u32 flags} = 24.
NOTIF = struct.Struct("=QIIiIQ6Q")
RESP = struct.Struct("=QqiI")
IOWR = 3 << 30
NOTIF_RECV = IOWR | (NOTIF.size << 16) | (ord("!") << 8) | 0
NOTIF_SEND = IOWR | (RESP.size << 16) | (ord("!") << 8) | 1
MKDIR = {83: "mkdir", 258: "mkdirat"}      # x86_64 numbers
ENOSYS = 38


def receive(srv, n, outdir):
    conn, _ = srv.accept()
    with conn:
        data = b""
        fds = []
        while True:
            msg, anc, _, _ = conn.recvmsg(65536, socket.CMSG_SPACE(16 * 4))
            for level, typ, payload in anc:
                if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                    a = array.array("i")
                    a.frombytes(payload[: len(payload) - len(payload) % a.itemsize])
                    fds.extend(a)
            if not msg:
                break
            data += msg
    with open(os.path.join(outdir, "state.%d.json" % n), "wb") as f:
        f.write(data)
    with open(os.path.join(outdir, "fds.%d" % n), "w") as f:
        f.write("%d\n" % len(fds))
    json.loads(data)            # a malformed state fails the agent (and the test)
    return fds[0]


def answer(fd, calls):
    buf = bytearray(NOTIF.size)
    try:
        fcntl.ioctl(fd, NOTIF_RECV, buf, True)
    except OSError:
        return                  # the caller died meanwhile (ENOENT)
    nid, pid, _, nr, _, _, *_ = NOTIF.unpack(buf)
    name = MKDIR.get(nr)
    calls.append("%s %d" % (name or "nr%d" % nr, pid))
    resp = RESP.pack(nid, 0, 0 if name else -ENOSYS, 0)
    try:
        fcntl.ioctl(fd, NOTIF_SEND, bytearray(resp), True)
    except OSError:
        pass


def main():
    path, outdir = sys.argv[1], sys.argv[2]
    want = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path + ".tmp")
    os.rename(path + ".tmp", path)      # the socket appears ready to connect
    srv.listen(4)
    listeners = []
    received = 0
    calls = []
    poll = select.poll()
    poll.register(srv, select.POLLIN)
    while received < want or listeners:
        for fd, ev in poll.poll():
            if fd == srv.fileno():
                lfd = receive(srv, received, outdir)
                received += 1
                listeners.append(lfd)
                poll.register(lfd, select.POLLIN)
                if received == want:
                    poll.unregister(srv)
            elif ev & select.POLLIN:
                answer(fd, calls)
            elif ev & (select.POLLHUP | select.POLLERR):
                poll.unregister(fd)
                os.close(fd)
                listeners.remove(fd)
    with open(os.path.join(outdir, "calls"), "w") as f:
        f.write("".join(c + "\n" for c in calls))


main()
