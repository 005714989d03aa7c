#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The kubelet's side of the CRI, scenario by scenario, against containerd.

Each scenario runs with the runtime handler "runc-mini" and its checks must
pass.  With --ref HANDLER (Debian's runc) it runs again there, and the facts
both runtimes should agree on are compared: a difference is a failure.  When
the reference itself fails a check of its own, the comparison is skipped
with the reason.  Output is TAP; tests/cri/run counts it.

The generated client (api_pb2, api_pb2_grpc) is on PYTHONPATH; run() sets it
up.  Every pod is stopped and removed at the end of its scenario, and the
scenario checks that nothing of it remains (process, cgroup, runtime state).
"""
import argparse
import base64
import json
import os
import re
import socket
import sys
import time
import urllib.parse
import uuid

import grpc
import api_pb2 as pb
import api_pb2_grpc as pbg

BUSYBOX = "localhost/rm-busybox:latest"
MiB = 1024 * 1024


class Check:
    """The facts a scenario saw and the checks that failed."""

    def __init__(self):
        self.facts = {}
        self.failed = []

    def fact(self, key, value):
        self.facts[key] = value
        return value

    def expect(self, cond, what):
        if not cond:
            self.failed.append(what)
        return cond


class Cri:
    def __init__(self, args):
        ch = grpc.insecure_channel("unix://" + args.socket)
        self.rt = pbg.RuntimeServiceStub(ch)
        self.images = pbg.ImageServiceStub(ch)
        self.cgparent = args.cgroup_parent
        self.logs = args.logs
        self.root = os.path.dirname(args.socket)
        self.pods = []

    # --- pods and containers ----------------------------------------------
    def pod(self, handler, name, pid=pb.CONTAINER):
        """RunPodSandbox with the host network; returns (id, config)."""
        logdir = os.path.join(self.logs, "%s-%s" % (name, handler))
        os.makedirs(logdir, exist_ok=True)
        ns = pb.NamespaceOption(network=pb.NODE, pid=pid, ipc=pb.POD)
        cfg = pb.PodSandboxConfig(
            metadata=pb.PodSandboxMetadata(name=name, uid=str(uuid.uuid4()),
                                           namespace="rmtest", attempt=0),
            log_directory=logdir,
            linux=pb.LinuxPodSandboxConfig(
                cgroup_parent=self.cgparent,
                security_context=pb.LinuxSandboxSecurityContext(namespace_options=ns)))
        r = self.rt.RunPodSandbox(pb.RunPodSandboxRequest(config=cfg, runtime_handler=handler))
        self.pods.append(r.pod_sandbox_id)
        return r.pod_sandbox_id, cfg

    def container(self, pod, name, cmd, sc=None, resources=None, annotations=None, start=True):
        pod_id, pod_cfg = pod
        ns = pod_cfg.linux.security_context.namespace_options
        sc = sc or pb.LinuxContainerSecurityContext()
        sc.namespace_options.CopyFrom(pb.NamespaceOption(network=pb.NODE, pid=ns.pid, ipc=pb.POD))
        cc = pb.ContainerConfig(
            metadata=pb.ContainerMetadata(name=name),
            image=pb.ImageSpec(image=BUSYBOX),
            command=cmd,
            log_path=name + ".log",
            annotations=annotations or {},
            linux=pb.LinuxContainerConfig(security_context=sc, resources=resources))
        r = self.rt.CreateContainer(pb.CreateContainerRequest(
            pod_sandbox_id=pod_id, config=cc, sandbox_config=pod_cfg))
        if start:
            self.rt.StartContainer(pb.StartContainerRequest(container_id=r.container_id))
        return r.container_id

    def exec(self, cid, cmd, timeout=10):
        r = self.rt.ExecSync(pb.ExecSyncRequest(container_id=cid, cmd=cmd, timeout=timeout))
        return r.exit_code, r.stdout.decode(), r.stderr.decode()

    def out(self, cid, cmd):
        return self.exec(cid, cmd)[1].strip()

    def status(self, cid):
        return self.rt.ContainerStatus(pb.ContainerStatusRequest(container_id=cid)).status

    def wait_exited(self, cid, tries=100):
        for _ in range(tries):
            s = self.status(cid)
            if s.state == pb.CONTAINER_EXITED:
                return s
            time.sleep(0.1)
        return self.status(cid)

    def wait_log(self, path, pattern, tries=100):
        for _ in range(tries):
            try:
                with open(path) as f:
                    text = f.read()
            except FileNotFoundError:
                text = ""
            if re.search(pattern, text, re.M):
                return text
            time.sleep(0.1)
        return text

    def remove_pod(self, pod_id):
        self.rt.StopPodSandbox(pb.StopPodSandboxRequest(pod_sandbox_id=pod_id))
        self.rt.RemovePodSandbox(pb.RemovePodSandboxRequest(pod_sandbox_id=pod_id))
        self.pods.remove(pod_id)

    def remove_all(self):
        for p in list(self.pods):
            try:
                self.remove_pod(p)
            except grpc.RpcError as e:
                print("# cleanup of pod %s: %s" % (p, e.details()))

    # --- what a removed container leaves -----------------------------------
    def leftovers(self, handler, ids):
        found = []
        for cid in ids:
            for d in ("/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified",
                      "/sys/fs/cgroup"):
                p = os.path.join(d, self.cgparent.lstrip("/"), cid)
                if os.path.isdir(p):
                    found.append("cgroup " + p)
            st = os.path.join(self.root, "runtime-root", handler, "k8s.io", cid)
            if os.path.exists(st):
                found.append("state " + st)
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    with open("/proc/%s/cmdline" % pid, "rb") as f:
                        if cid.encode() in f.read():
                            found.append("process %s" % pid)
                except OSError:
                    pass
        return found


def ws_exec(url):
    """Follow an Exec streaming URL as kubectl exec does, over a WebSocket
    (protocol v4.channel.k8s.io: each binary frame starts with its channel,
    1 stdout, 2 stderr, 3 the final status).  Returns (code, stdout, stderr)."""
    u = urllib.parse.urlparse(url)
    s = socket.create_connection((u.hostname, u.port), timeout=20)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET %s%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n"
               % (u.path, "?" + u.query if u.query else "", u.netloc, key)).encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(4096)
        if not d:
            raise RuntimeError("no WebSocket upgrade: %r" % buf)
        buf += d
    head, buf = buf.split(b"\r\n\r\n", 1)
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise RuntimeError("no WebSocket upgrade: %r" % head.split(b"\r\n")[0])

    def need(n):
        nonlocal buf
        while len(buf) < n:
            d = s.recv(65536)
            if not d:
                raise EOFError
            buf += d
        out, buf = buf[:n], buf[n:]
        return out

    chans = {1: b"", 2: b"", 3: b""}
    try:
        while True:
            b0, b1 = need(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(need(2), "big")
            elif n == 127:
                n = int.from_bytes(need(8), "big")
            payload = need(n)
            if b0 & 0x0F == 8:
                break
            if payload and payload[0] in chans:
                chans[payload[0]] += payload[1:]
    except EOFError:
        pass
    s.close()
    st = json.loads(chans[3] or b"{}")
    code = 0
    if st.get("status") == "Failure":
        code = -1
        for cause in st.get("details", {}).get("causes", []):
            if cause.get("reason") == "ExitCode":
                code = int(cause["message"])
    return code, chans[1].decode(), chans[2].decode()


def cgroup_v2():
    return os.path.exists("/sys/fs/cgroup/cgroup.controllers")


def memory_limit_file():
    return "/sys/fs/cgroup/memory.max" if cgroup_v2() else "/sys/fs/cgroup/memory/memory.limit_in_bytes"


SLEEP = ["/bin/sh", "-c", "echo started; exec sleep 3600"]

# --- scenarios: each takes (cri, handler, check) ------------------------------


def sc_shared_namespaces(cri, h, c):
    """Two containers in a pod: shared ipc always, shared pid with pid=POD."""
    for mode, label in ((pb.POD, "pod"), (pb.CONTAINER, "container")):
        pod = cri.pod(h, "ns-" + label, pid=mode)
        a = cri.container(pod, "a", ["/bin/sh", "-c", "exec sleep 3601"])
        b = cri.container(pod, "b", ["/bin/sh", "-c", "exec sleep 3602"])
        ipc_a = cri.out(a, ["readlink", "/proc/self/ns/ipc"])
        ipc_b = cri.out(b, ["readlink", "/proc/self/ns/ipc"])
        pid_a = cri.out(a, ["readlink", "/proc/self/ns/pid"])
        pid_b = cri.out(b, ["readlink", "/proc/self/ns/pid"])
        ps_a = cri.out(a, ["ps", "-o", "args"])
        c.expect(ipc_a and ipc_a == ipc_b, "%s: ipc namespaces differ: %s %s" % (label, ipc_a, ipc_b))
        sees_b = "sleep 3602" in ps_a
        c.fact(label + ".a_sees_b", sees_b)
        c.fact(label + ".pid_shared", pid_a == pid_b)
        if mode == pb.POD:
            c.expect(pid_a == pid_b, "pid=POD: pid namespaces differ")
            c.expect(sees_b, "pid=POD: a does not see b's process: %r" % ps_a)
            c.expect("/pause" in ps_a, "pid=POD: a does not see the pause process: %r" % ps_a)
        else:
            c.expect(pid_a != pid_b, "pid=CONTAINER: pid namespaces are shared")
            c.expect(not sees_b, "pid=CONTAINER: a sees b's process")
        cri.remove_pod(pod[0])
        c.expect(not cri.leftovers(h, [pod[0], a, b]), "left behind: %s" % cri.leftovers(h, [pod[0], a, b]))


def sc_exec_sync(cri, h, c):
    """ExecSync as a probe: stdout, stderr, exit code, and a timeout."""
    pod = cri.pod(h, "exec")
    a = cri.container(pod, "a", SLEEP)
    code, out, err = cri.exec(a, ["/bin/sh", "-c", "echo out; echo err >&2; exit 3"])
    c.fact("code", code)
    c.fact("stdout", out)
    c.fact("stderr", err)
    c.expect(code == 3, "exit code %d, expected 3" % code)
    c.expect(out == "out\n", "stdout %r" % out)
    c.expect(err == "err\n", "stderr %r" % err)
    c.expect(cri.exec(a, ["true"])[0] == 0, "true did not exit 0")
    try:
        r = cri.exec(a, ["/nonexistent"])
        c.expect(False, "exec of a missing program returned %r" % (r,))
    except grpc.RpcError as e:
        c.fact("missing", "no such file or directory" in (e.details() or ""))
        c.expect("no such file or directory" in (e.details() or ""), "exec of a missing program: %s" % e.details())
    try:
        r = cri.exec(a, ["sleep", "30"], timeout=1)
        c.fact("timeout", "returned %d" % r[0])
        c.expect(False, "ExecSync of sleep 30 with timeout 1 returned %r" % (r,))
    except grpc.RpcError as e:
        c.fact("timeout", "timeout" in (e.details() or ""))
        c.expect("timeout" in (e.details() or ""), "timeout error: %s" % e.details())
    # The probe's process is gone after its timeout.
    ps = cri.out(a, ["ps", "-o", "args"])
    c.expect("sleep 30" not in ps, "the timed-out exec still runs: %r" % ps)
    cri.remove_pod(pod[0])


def sc_exec_stream(cri, h, c):
    """Exec through the streaming URL, as kubectl exec reaches it."""
    pod = cri.pod(h, "stream")
    a = cri.container(pod, "a", SLEEP)
    r = cri.rt.Exec(pb.ExecRequest(container_id=a, cmd=["/bin/sh", "-c", "echo out-$((6*7)); echo err >&2; exit 5"],
                                   stdout=True, stderr=True))
    c.expect(r.url.startswith("http://"), "url %r" % r.url)
    code, out, err = ws_exec(r.url)
    c.fact("code", code)
    c.fact("stdout", out)
    c.fact("stderr", err)
    c.expect(code == 5, "exit code %d, expected 5" % code)
    c.expect(out == "out-42\n", "stdout %r" % out)
    c.expect(err == "err\n", "stderr %r" % err)
    cri.remove_pod(pod[0])


def sc_status_stats(cri, h, c):
    """ContainerStatus and ContainerStats of a running container."""
    pod = cri.pod(h, "status")
    a = cri.container(pod, "a", ["/bin/sh", "-c", "x=0; while [ $x -lt 20000 ]; do x=$((x+1)); done; exec sleep 3600"])
    s = cri.status(a)
    c.expect(s.state == pb.CONTAINER_RUNNING, "state %s" % pb.ContainerState.Name(s.state))
    c.fact("state", pb.ContainerState.Name(s.state))
    c.expect(s.started_at > 0, "started_at is 0")
    c.expect(s.image.image.endswith("rm-busybox:latest") or s.image_ref, "image: %s" % s.image.image)
    time.sleep(0.5)
    st = cri.rt.ContainerStats(pb.ContainerStatsRequest(container_id=a)).stats
    c.expect(st.attributes.id == a, "stats for %s" % st.attributes.id)
    c.expect(st.cpu.usage_core_nano_seconds.value > 0, "cpu usage 0")
    c.expect(st.memory.working_set_bytes.value > 0, "memory working set 0")
    c.fact("stats.cpu>0", st.cpu.usage_core_nano_seconds.value > 0)
    c.fact("stats.mem>0", st.memory.working_set_bytes.value > 0)
    cri.remove_pod(pod[0])


def sc_logs(cri, h, c):
    """The shim's log file holds the app's output in the CRI log format."""
    pod = cri.pod(h, "logs")
    a = cri.container(pod, "a", ["/bin/sh", "-c", "echo hello-stdout; echo hello-stderr >&2; exec sleep 3600"])
    path = os.path.join(pod[1].log_directory, "a.log")
    text = cri.wait_log(path, r"hello-stderr$")
    ts = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"
    c.expect(re.search(r"^%s stdout F hello-stdout$" % ts, text, re.M), "no stdout line in %r" % text)
    c.expect(re.search(r"^%s stderr F hello-stderr$" % ts, text, re.M), "no stderr line in %r" % text)
    c.fact("lines", sorted(re.sub(ts, "TS", l) for l in text.splitlines()))
    cri.remove_pod(pod[0])


def sc_update(cri, h, c):
    """UpdateContainerResources changes the memory limit seen from inside."""
    pod = cri.pod(h, "update")
    a = cri.container(pod, "a", SLEEP, resources=pb.LinuxContainerResources(memory_limit_in_bytes=64 * MiB))
    before = cri.out(a, ["cat", memory_limit_file()])
    cri.rt.UpdateContainerResources(pb.UpdateContainerResourcesRequest(
        container_id=a, linux=pb.LinuxContainerResources(memory_limit_in_bytes=96 * MiB)))
    after = cri.out(a, ["cat", memory_limit_file()])
    c.fact("before", before)
    c.fact("after", after)
    c.expect(before == str(64 * MiB), "limit before update: %r" % before)
    c.expect(after == str(96 * MiB), "limit after update: %r" % after)
    cri.remove_pod(pod[0])


def sc_stop(cri, h, c):
    """StopContainer: TERM, then KILL after the timeout for one that ignores it."""
    pod = cri.pod(h, "stop")
    deaf = cri.container(pod, "deaf", ["/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done"])
    polite = cri.container(pod, "polite", ["/bin/sh", "-c", "trap 'exit 42' TERM; echo ready; while :; do sleep 1; done"])
    for cid, name in ((deaf, "deaf"), (polite, "polite")):
        cri.wait_log(os.path.join(pod[1].log_directory, name + ".log"), r"ready$")
    cri.rt.StopContainer(pb.StopContainerRequest(container_id=polite, timeout=20))
    s = cri.wait_exited(polite)
    c.fact("polite", (pb.ContainerState.Name(s.state), s.exit_code))
    c.expect(s.state == pb.CONTAINER_EXITED and s.exit_code == 42, "TERM-trapping container: %s %d" % (pb.ContainerState.Name(s.state), s.exit_code))
    cri.rt.StopContainer(pb.StopContainerRequest(container_id=deaf, timeout=2))
    s = cri.wait_exited(deaf)
    c.fact("deaf", (pb.ContainerState.Name(s.state), s.exit_code))
    c.expect(s.state == pb.CONTAINER_EXITED and s.exit_code == 137, "TERM-ignoring container: %s %d" % (pb.ContainerState.Name(s.state), s.exit_code))
    c.expect(s.finished_at - s.started_at >= 2 * 10**9 // 2, "killed before its grace period")
    cri.rt.RemoveContainer(pb.RemoveContainerRequest(container_id=deaf))
    c.expect(not cri.leftovers(h, [deaf]), "removed container left: %s" % cri.leftovers(h, [deaf]))
    cri.remove_pod(pod[0])
    c.expect(not cri.leftovers(h, [pod[0], polite]), "left behind: %s" % cri.leftovers(h, [pod[0], polite]))


def sc_exit_codes(cri, h, c):
    """A non-zero exit and an OOM kill, as ContainerStatus reports them."""
    pod = cri.pod(h, "exit")
    e7 = cri.container(pod, "e7", ["/bin/sh", "-c", "exit 7"])
    oom = cri.container(pod, "oom", ["/bin/sh", "-c", "tail /dev/zero"],
                        resources=pb.LinuxContainerResources(memory_limit_in_bytes=16 * MiB))
    s = cri.wait_exited(e7)
    c.fact("e7", (s.exit_code, s.reason))
    c.expect(s.exit_code == 7 and s.reason == "Error", "exit 7: code %d reason %r" % (s.exit_code, s.reason))
    s = cri.wait_exited(oom, tries=300)
    c.fact("oom", (s.exit_code, s.reason))
    c.expect(s.reason == "OOMKilled" and s.exit_code == 137, "OOM: code %d reason %r" % (s.exit_code, s.reason))
    cri.remove_pod(pod[0])
    c.expect(not cri.leftovers(h, [pod[0], e7, oom]), "left behind: %s" % cri.leftovers(h, [pod[0], e7, oom]))


def sc_security_context(cri, h, c):
    """readOnlyRootFilesystem, runAsUser, drop ALL, RuntimeDefault seccomp."""
    pod = cri.pod(h, "secctx")
    sc = pb.LinuxContainerSecurityContext(
        run_as_user=pb.Int64Value(value=1000),
        readonly_rootfs=True,
        capabilities=pb.Capability(drop_capabilities=["ALL"]),
        seccomp=pb.SecurityProfile(profile_type=pb.SecurityProfile.RuntimeDefault))
    a = cri.container(pod, "a", SLEEP, sc=sc)
    status = cri.out(a, ["cat", "/proc/self/status"])
    f = dict(l.split(":\t", 1) for l in status.splitlines() if ":\t" in l)
    c.fact("Uid", f.get("Uid"))
    for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "Seccomp", "NoNewPrivs"):
        c.fact(k, f.get(k))
    c.expect(f.get("Uid", "").split("\t")[0] == "1000", "uid %r" % f.get("Uid"))
    for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
        c.expect(f.get(k) == "0000000000000000", "%s=%s with every capability dropped" % (k, f.get(k)))
    c.expect(f.get("Seccomp") == "2", "Seccomp=%s with RuntimeDefault" % f.get("Seccomp"))
    code, _, err = cri.exec(a, ["touch", "/written"])
    c.fact("touch", code != 0)
    c.expect(code != 0 and "Read-only" in err, "touch / on a read-only root: %d %r" % (code, err))
    # The app itself (not only the exec) runs so: pid 1 of its own pid ns.
    st1 = cri.out(a, ["cat", "/proc/1/status"])
    f1 = dict(l.split(":\t", 1) for l in st1.splitlines() if ":\t" in l)
    c.expect(f1.get("CapBnd") == "0000000000000000", "the app's CapBnd=%s" % f1.get("CapBnd"))
    cri.remove_pod(pod[0])


def sc_init_annotation(cri, h, c):
    """org.runc-mini.init: runc-mini is the container's PID 1 (reaps,
    forwards TERM, passes the exit status on); the app needs no init."""
    pod = cri.pod(h, "init")
    a = cri.container(pod, "a", ["/bin/sh", "-c", "trap 'exit 42' TERM; echo ready; while :; do sleep 1; done"],
                      annotations={"org.runc-mini.init": "true"})
    cri.wait_log(os.path.join(pod[1].log_directory, "a.log"), r"ready$")
    pid1 = cri.out(a, ["cat", "/proc/1/cmdline"]).replace("\0", " ").strip()
    c.fact("pid1", pid1)
    c.expect(pid1 == "runc-mini init", "PID 1 is %r, not runc-mini's init" % pid1)
    # An orphan (a backgrounded sleep whose shell exits) is reaped by PID 1.
    cri.exec(a, ["/bin/sh", "-c", "sleep 0.2 & exit 0"])
    time.sleep(0.6)
    zombies = cri.out(a, ["/bin/sh", "-c", "grep -l '^State:.*Z' /proc/[0-9]*/status || true"])
    c.expect(zombies == "", "zombies: %r" % zombies)
    cri.rt.StopContainer(pb.StopContainerRequest(container_id=a, timeout=20))
    s = cri.wait_exited(a)
    c.fact("exit", s.exit_code)
    c.expect(s.exit_code == 42, "the TERM-trapping app's status through the init: %d" % s.exit_code)
    cri.remove_pod(pod[0])
    c.expect(not cri.leftovers(h, [pod[0], a]), "left behind: %s" % cri.leftovers(h, [pod[0], a]))


SCENARIOS = [
    ("RunPodSandbox, two containers: ipc shared, pid shared with pid=POD only", sc_shared_namespaces,
     ["pod.a_sees_b", "pod.pid_shared", "container.a_sees_b", "container.pid_shared"]),
    ("ExecSync: output, exit code, timeout", sc_exec_sync, ["code", "stdout", "stderr", "timeout", "missing"]),
    ("Exec through the streaming URL (WebSocket)", sc_exec_stream, ["code", "stdout", "stderr"]),
    ("ContainerStatus and ContainerStats", sc_status_stats, ["state", "stats.cpu>0", "stats.mem>0"]),
    ("the shim's log file in CRI format", sc_logs, ["lines"]),
    ("UpdateContainerResources: the memory limit seen from inside", sc_update, ["before", "after"]),
    ("StopContainer: TERM, then KILL after the timeout; nothing left", sc_stop, ["polite", "deaf"]),
    ("exit code 7 and OOMKilled in ContainerStatus", sc_exit_codes, ["e7", "oom"]),
    ("securityContext: read-only root, runAsUser, drop ALL, RuntimeDefault seccomp", sc_security_context,
     ["Uid", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "Seccomp", "touch"]),
    ("annotation org.runc-mini.init: runc-mini's init is PID 1, reaps, passes TERM and the status", sc_init_annotation,
     ["exit"]),
]


def run_scenario(cri, handler, fn):
    c = Check()
    try:
        fn(cri, handler, c)
    except grpc.RpcError as e:
        c.failed.append("gRPC %s: %s" % (e.code().name, e.details()))
    except Exception as e:  # a broken scenario is a failed one, never a crash
        c.failed.append("%s: %s" % (type(e).__name__, e))
    finally:
        cri.remove_all()
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--cgroup-parent", required=True)
    ap.add_argument("--logs", required=True)
    ap.add_argument("--handler", default="runc-mini")
    ap.add_argument("--ref")
    ap.add_argument("--only")
    args = ap.parse_args()
    cri = Cri(args)
    v = cri.rt.Version(pb.VersionRequest())
    print("# %s %s, CRI %s" % (v.runtime_name, v.runtime_version, v.runtime_api_version))
    img = cri.images.ImageStatus(pb.ImageStatusRequest(image=pb.ImageSpec(image=BUSYBOX)))
    if not img.image.id:
        print("not ok 1 - the busybox image is not visible through the CRI")
        return 1
    scen = [s for s in SCENARIOS if not args.only or args.only in s[0]]
    print("1..%d" % (len(scen) * (2 if args.ref else 1)))
    n = 0
    for name, fn, keys in scen:
        mine = run_scenario(cri, args.handler, fn)
        n += 1
        if mine.failed:
            print("not ok %d - %s" % (n, name))
            for f in mine.failed:
                print("#   %s" % f)
        else:
            print("ok %d - %s" % (n, name))
        if not args.ref:
            continue
        ref = run_scenario(cri, args.ref, fn)
        n += 1
        label = "%s: same as %s" % (name, args.ref)
        if ref.failed:
            print("ok %d - %s # skip %s fails this scenario itself: %s" % (n, label, args.ref, "; ".join(ref.failed)))
            continue
        diff = [k for k in keys if mine.facts.get(k) != ref.facts.get(k)]
        if diff:
            print("not ok %d - %s" % (n, label))
            for k in diff:
                print("#   %s: %s %r, %s %r" % (k, args.handler, mine.facts.get(k), args.ref, ref.facts.get(k)))
        else:
            print("ok %d - %s" % (n, label))
    return 0


if __name__ == "__main__":
    sys.exit(main())
