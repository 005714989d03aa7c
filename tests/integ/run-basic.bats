#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# The bundle form `runc-mini BUNDLE`: the process sees what config.json asked
# for, and its exit status comes back.

load helpers

setup() { make_bundle; }
teardown() { assert_host_clean; }

@test "the process is pid 1 with the config's hostname, ids and cwd" {
	cfg '.hostname = "probe-host" | .process.cwd = "/tmp"'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val pid)" = 1 ]
	[ "$(val hostname)" = probe-host ]
	[ "$(val uid)" = 0 ]
	[ "$(val cwd)" = /tmp ]
}

@test "the default bundle is the current directory" {
	cd "$BUNDLE"
	run "$RUNC_MINI"
	[ "$status" -eq 0 ]
	[ "$(val pid)" = 1 ]
}

@test "the exit status of the process is ours" {
	cfg '.process.args = ["/probe", "exit", "42"]'
	run_bundle
	[ "$status" -eq 42 ]
}

@test "a process killed by signal N gives 128+N" {
	# Not pid 1: an init ignores even SIGKILL from inside its namespace.
	cfg 'del(.linux.namespaces[] | select(.type == "pid")) | .process.args = ["/bin/sh", "-c", "kill -9 $$"]'
	run_bundle
	[ "$status" -eq 137 ]
}

@test "env is exactly process.env plus HOME" {
	cfg '.process.env = ["A=1", "B=two words", "PATH=/bin"] | .process.args = ["/probe", "env"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$output" = "A=1
B=two words
PATH=/bin
HOME=/root" ]
}

@test "a HOME in process.env is kept" {
	cfg '.process.env = ["HOME=/x"] | .process.args = ["/probe", "env"]'
	run_bundle
	[ "$output" = "HOME=/x" ]
}

@test "args are looked up in the container's PATH" {
	cfg '.process.args = ["probe", "exit", "3"] | .process.env = ["PATH=/nowhere:/"]'
	run_bundle
	[ "$status" -eq 3 ]
}

@test "stdin, stdout and stderr are the caller's" {
	cfg '.process.args = ["/bin/sh", "-c", "read x; echo out:$x; echo err:$x >&2"]'
	run bash -c "echo hello | '$RUNC_MINI' '$BUNDLE' 2>'$BATS_TEST_TMPDIR/err'"
	[ "$status" -eq 0 ]
	[ "$output" = "out:hello" ]
	[ "$(cat "$BATS_TEST_TMPDIR/err")" = "err:hello" ]
}

@test "no fd of the caller beyond 0-2 reaches the container (CVE-2024-21626)" {
	cfg '.process.args = ["/probe", "fds"]'
	run bash -c "exec 7</ 9>'$BATS_TEST_TMPDIR/x'; '$RUNC_MINI' '$BUNDLE'"
	[ "$status" -eq 0 ]
	[ "$(val fds)" = "0,1,2" ]
}

@test "signals sent to runc-mini reach the process" {
	cfg '.process.args = ["/probe", "sleep", "30"]'
	"$RUNC_MINI" "$BUNDLE" >"$BATS_TEST_TMPDIR/out" 2>&1 &
	local pid=$!
	for _ in $(seq 100); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.05; done
	kill -TERM "$pid"
	wait "$pid" || status=$?
	[ "${status:-0}" -eq 143 ]
	grep -q got=SIGTERM "$BATS_TEST_TMPDIR/out"
}

@test "capabilities are exactly the configured sets" {
	# CAP_CHOWN=0 CAP_KILL=5 CAP_NET_BIND_SERVICE=10 CAP_SYS_ADMIN=21
	cfg '.process.capabilities = {"bounding": ["CAP_CHOWN","CAP_KILL","CAP_NET_BIND_SERVICE"],
	     "effective": ["CAP_KILL"], "permitted": ["CAP_KILL","CAP_CHOWN"],
	     "inheritable": ["CAP_CHOWN"], "ambient": ["CAP_CHOWN"]}'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val capbnd)" = "$(capmask 0 5 10)" ]
	[ "$(val capeff)" = "$(capmask 0 5)" ] # an ambient cap is effective after exec
	[ "$(val capprm)" = "$(capmask 0 5)" ]
	[ "$(val capinh)" = "$(capmask 0)" ]
	[ "$(val capamb)" = "$(capmask 0)" ]
}

@test "a non-root user without capabilities gets none" {
	cfg 'del(.process.capabilities) | .process.user = {"uid": 1000, "gid": 1000}'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 1000 ]
	[ "$(val capprm)" = 0000000000000000 ]
	[ "$(val capeff)" = 0000000000000000 ]
}

@test "user uid, gid, additionalGids and umask are applied" {
	cfg '.process.user = {"uid": 1000, "gid": 100, "additionalGids": [29, 5], "umask": 63}'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 1000 ]
	[ "$(val gid)" = 100 ]
	[ "$(val groups)" = "29,5" ] || [ "$(val groups)" = "5,29" ]
	[ "$(val umask)" = 0077 ]
}

@test "noNewPrivileges is applied only when asked" {
	run_bundle
	[ "$(val nnp)" = 1 ]
	cfg '.process.noNewPrivileges = false'
	run_bundle
	[ "$(val nnp)" = 0 ]
}

@test "rlimits are set" {
	cfg '.process.rlimits = [{"type":"RLIMIT_NOFILE","soft":100,"hard":200},
	     {"type":"RLIMIT_CORE","soft":0,"hard":0}] | .process.args = ["/probe","rlimit","NOFILE","CORE"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val rlimit_NOFILE)" = 100:200 ]
	[ "$(val rlimit_CORE)" = 0:0 ]
}

@test "oomScoreAdj is set" {
	cfg '.process.oomScoreAdj = 345'
	run_bundle
	[ "$(val oom_score_adj)" = 345 ]
}

@test "signal mask and dispositions are clean in the container" {
	run_bundle
	[ "$(val sigblk)" = 0000000000000000 ] || { echo "sigblk=$(val sigblk)"; false; }
	[ "$(val sigign)" = 0000000000000000 ] || { echo "sigign=$(val sigign)"; false; }
}

@test "signals the caller ignored, even libc's internal ones, are default in the container" {
	cc -O1 -o "$BATS_TEST_TMPDIR/ignsig" "$TOP/tests/integ/ignsig.c"
	# 15 = SIGTERM, 32 and 33 = glibc's and musl's internal signals, 40 = a realtime one
	run "$BATS_TEST_TMPDIR/ignsig" 15 32 33 40 -- "$RUNC_MINI" "$BUNDLE"
	[ "$status" -eq 0 ]
	[ "$(val sigign)" = 0000000000000000 ] || { echo "sigign=$(val sigign)"; false; }
}

@test "the lowest and highest signals the caller ignored are default in the container too" {
	cc -O1 -o "$BATS_TEST_TMPDIR/ignsig" "$TOP/tests/integ/ignsig.c"
	# 1 and 64: the edges of /proc/self/stat's sigignore, read for the reset
	run "$BATS_TEST_TMPDIR/ignsig" 1 2 63 64 -- "$RUNC_MINI" "$BUNDLE"
	[ "$status" -eq 0 ]
	[ "$(val sigign)" = 0000000000000000 ] || { echo "sigign=$(val sigign)"; false; }
}

@test "a new network namespace has loopback up and nothing else" {
	cfg '.process.args = ["/probe", "net"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$output" = "if=lo up=1" ]
}

@test "without a network namespace the host's interfaces are seen" {
	cfg 'del(.linux.namespaces[] | select(.type == "network")) | .process.args = ["/probe", "net"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sed -n 's/^if=\([^ ]*\).*/\1/p' | sort)" = "$(ls /sys/class/net | sort)" ]
}

@test "a uts namespace keeps the host's hostname untouched" {
	local before; before=$(hostname)
	cfg '.hostname = "other-name"'
	run_bundle
	[ "$(val hostname)" = other-name ]
	[ "$(hostname)" = "$before" ]
}

@test "domainname is set" {
	cfg '.domainname = "example.org"'
	run_bundle
	[ "$(val domainname)" = example.org ]
}

@test "runc-mini --version names version, commit and spec" {
	run "$RUNC_MINI" --version
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "runc-mini version "* ]]
	[[ "${lines[1]}" == "commit: "* ]]
	[[ "${lines[2]}" == "spec: 1."* ]]
}
