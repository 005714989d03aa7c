#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""20 pods of two containers each through the CRI, runc-mini beside runc.

For each runtime handler, in one run: the wall time from the first
RunPodSandbox to the moment all 40 containers run (pods started 20 at once,
as a kubelet does after a node drain); the peak RSS of any runtime process
and the CPU time of all runtime calls (from rtwrap's log: the runtime
itself, not the container); the CPU time of the shims (from /proc before
teardown); and the wall time to stop and remove everything.  Prints a table
and the ratios runc / runc-mini.  Asserts nothing: it is a benchmark.
"""
import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cri_test as ct  # noqa: E402
import api_pb2 as pb  # noqa: E402

PODS = 20
TICK = os.sysconf("SC_CLK_TCK")


def shim_cpu_ms(socket):
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read()
            if b"containerd-shim" not in cmd or socket.encode() not in cmd:
                continue
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total * 1000 // TICK


def costs(path):
    rss, cpu, calls = 0, 0, 0
    try:
        with open(path) as f:
            for line in f:
                verb, maxrss, user, sys_, _st = line.split()
                rss = max(rss, int(maxrss))
                cpu += int(user) + int(sys_)
                calls += 1
    except FileNotFoundError:
        pass
    return rss, cpu // 1000, calls


def one_pod(cri, handler, i):
    pod = cri.pod(handler, "bench-%d" % i)
    for n in ("a", "b"):
        cri.container(pod, n, ["/bin/sh", "-c", "exec sleep 3600"])
    return pod[0]


def measure(cri, handler, args):
    log = os.path.join(args.costs, "cost-%s.log" % handler)
    if os.path.exists(log):
        os.unlink(log)
    t0 = time.monotonic()
    with ThreadPoolExecutor(PODS) as ex:
        pods = list(ex.map(lambda i: one_pod(cri, handler, i), range(PODS)))
    up = time.monotonic() - t0
    running = sum(1 for c in cri.rt.ListContainers(pb.ListContainersRequest()).containers
                  if c.state == pb.CONTAINER_RUNNING and c.pod_sandbox_id in pods)
    shim = shim_cpu_ms(args.socket)
    t1 = time.monotonic()
    with ThreadPoolExecutor(PODS) as ex:
        list(ex.map(cri.remove_pod, pods))
    down = time.monotonic() - t1
    rss, cpu, calls = costs(log)
    return {"up_s": up, "running": running, "down_s": down, "rss_kib": rss,
            "rt_cpu_ms": cpu, "calls": calls, "shim_cpu_ms": shim}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--cgroup-parent", required=True)
    ap.add_argument("--logs", required=True)
    ap.add_argument("--costs", required=True)
    ap.add_argument("--ref")
    args = ap.parse_args()
    cri = ct.Cri(args)
    results = {}
    handlers = ["runc-mini"] + ([args.ref] if args.ref else [])
    # One pod per handler first, so that neither pays for the first shim's
    # page-cache misses and containerd's first-use work.
    for h in handlers:
        try:
            cri.remove_pod(one_pod(cri, h, 99))
        finally:
            cri.remove_all()
    for h in handlers:
        try:
            results[h] = measure(cri, h, args)
        finally:
            cri.remove_all()
    rows = [("all %d containers running, wall s" % (2 * PODS), "up_s", "%.2f"),
            ("containers running", "running", "%d"),
            ("runtime calls", "calls", "%d"),
            ("runtime peak RSS, KiB", "rss_kib", "%d"),
            ("runtime CPU, all calls, ms", "rt_cpu_ms", "%d"),
            ("shim CPU, ms", "shim_cpu_ms", "%d"),
            ("stop + remove all pods, wall s", "down_s", "%.2f")]
    hs = list(results)
    print("%-40s %12s" % ("%d pods x 2 containers (CRI)" % PODS, "") + "".join("%12s" % h for h in hs)
          + ("%12s" % ("%s/mini" % args.ref) if args.ref else ""))
    for label, key, fmt in rows:
        line = "%-53s" % label + "".join("%12s" % (fmt % results[h][key]) for h in hs)
        if args.ref and key not in ("running", "calls"):
            a, b = results["runc-mini"][key], results[args.ref][key]
            line += "%12s" % ("%.1fx" % (b / a) if a else "-")
        print(line)
    return 0 if all(r["running"] == 2 * PODS for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
