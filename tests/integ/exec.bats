#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# exec: a new process inside a running container.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=ex-$$-$BATS_TEST_NUMBER
	cfg '.process.args = ["/probe", "sleep", "60"] | .process.env = ["PATH=/bin:/", "BASE=1"] | .hostname = "exec-host"'
	run_detached
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

@test "exec joins every namespace of the container" {
	run rm_ exec "$RM_ID" /probe all
	[ "$status" -eq 0 ]
	[ "$(val hostname)" = exec-host ]
	[ "$(val pid)" != 1 ]          # a new process in the container's pid namespace
	[ "$(val ppid)" = 0 ]          # its parent is outside it
	for ns in mnt pid net ipc uts cgroup; do
		run rm_ exec "$RM_ID" /bin/readlink /proc/self/ns/$ns
		[ "$output" = "$(readlink /proc/$INIT/ns/$ns)" ]
	done
}

@test "exec joins the container's cgroup" {
	rm_ exec --detach --pid-file "$BATS_TEST_TMPDIR/pid" "$RM_ID" /probe sleep 30 </dev/null >/dev/null 2>&1
	local pid; pid=$(cat "$BATS_TEST_TMPDIR/pid")
	# seen from the host: every hierarchy the same as the init's
	[ "$(cat /proc/$pid/cgroup)" = "$(cat /proc/$INIT/cgroup)" ]
	grep -q ":pids:.*$RM_ID" /proc/$pid/cgroup
}

@test "the exit status of the exec'd process comes back" {
	run rm_ exec "$RM_ID" /probe exit 17
	[ "$status" -eq 17 ]
}

@test "exec: env, cwd, user and caps from the command line" {
	run rm_ exec --env EXTRA=2 --env BASE=3 --cwd /tmp --user 1000:100 "$RM_ID" /probe all
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 1000 ]
	[ "$(val gid)" = 100 ]
	[ "$(val cwd)" = /tmp ]
	run rm_ exec --env EXTRA=2 --env BASE=3 "$RM_ID" /probe env
	[[ "$output" == *"EXTRA=2"* ]]
	[[ "$output" == *"BASE=3"* ]]
	[[ "$output" != *"BASE=1"* ]]
	run rm_ exec --cap CAP_SYS_ADMIN "$RM_ID" /probe all
	# CAP_SYS_ADMIN = 21 added to the default spec's AUDIT_WRITE(29) KILL(5) NET_BIND_SERVICE(10)
	[ "$(val capbnd)" = "$(capmask 5 10 21 29)" ]
}

@test "exec --process takes an OCI process object" {
	cat >"$BATS_TEST_TMPDIR/p.json" <<-J
	{"args": ["/probe", "all"], "cwd": "/etc", "user": {"uid": 1, "gid": 1, "additionalGids": [29]},
	 "env": ["PATH=/bin"], "noNewPrivileges": true}
	J
	run rm_ exec --process "$BATS_TEST_TMPDIR/p.json" "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 1 ]
	[ "$(val cwd)" = /etc ]
	[ "$(val groups)" = 29 ]
	[ "$(val nnp)" = 1 ]
}

@test "exec --detach --pid-file returns while the process runs" {
	rm_ exec --detach --pid-file "$BATS_TEST_TMPDIR/pid" "$RM_ID" /probe sleep 30 </dev/null >/dev/null 2>&1
	local pid; pid=$(cat "$BATS_TEST_TMPDIR/pid")
	[[ "$(readlink /proc/$pid/exe)" == */probe ]]
	[ "$(readlink /proc/$pid/ns/pid)" = "$(readlink /proc/$INIT/ns/pid)" ]
	run rm_ ps --format json "$RM_ID"
	[ "$(jq length <<<"$output")" -eq 2 ]
}

@test "exec of a missing command: runc's wording" {
	run rm_ exec "$RM_ID" /nonexistent
	[ "$status" -ne 0 ]
	[[ "$output" == *'exec: "/nonexistent": stat /nonexistent: no such file or directory' ]]
	run rm_ exec "$RM_ID" nosuchcmd
	[[ "$output" == *'exec: "nosuchcmd": executable file not found in $PATH' ]]
}

@test "exec in a stopped or paused container fails" {
	rm_ pause "$RM_ID"
	run rm_ exec "$RM_ID" /probe exit 0
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot exec in a paused container"* ]]
	rm_ resume "$RM_ID"
	rm_ kill "$RM_ID" KILL
	for _ in $(seq 100); do [ "$(rm_ state "$RM_ID" | jq -r .status)" = stopped ] && break; sleep 0.05; done
	run rm_ exec "$RM_ID" /probe exit 0
	[[ "$output" == *"cannot exec in a stopped container"* ]]
}

@test "exec --tty gives the process a pty of the container" {
	run script -qfec "'$RUNC_MINI' --root '$ROOT' exec --tty '$RM_ID' /probe all" /dev/null
	[ "$status" -eq 0 ]
	output=$(printf '%s' "$output" | tr -d '\r')
	[ "$(val tty)" = 1 ]
	[[ "$(val ttyname)" == /dev/pts/* ]]
}

@test "exec --tty --console-socket hands the pty over" {
	python3 "$TOP/tests/integ/recvtty.py" "$BATS_TEST_TMPDIR/sock" "" 5 >"$BATS_TEST_TMPDIR/tty.out" &
	local peer=$!
	for _ in $(seq 100); do [ -e "$BATS_TEST_TMPDIR/sock.ready" ] && break; sleep 0.05; done
	run rm_ exec --tty --console-socket "$BATS_TEST_TMPDIR/sock" "$RM_ID" /probe all
	[ "$status" -eq 0 ]
	wait "$peer" || true
	grep -q '^name=/dev/pts/' "$BATS_TEST_TMPDIR/tty.out"
	grep -q 'tty=1' "$BATS_TEST_TMPDIR/tty.out"
}

@test "no fd of the caller leaks into an exec'd process; --preserve-fds passes some" {
	run bash -c "exec 5</ 6</; '$RUNC_MINI' --root '$ROOT' exec '$RM_ID' /probe fds"
	[ "$output" = "fds=0,1,2" ]
	run bash -c "exec 3</ 4</ 5</; '$RUNC_MINI' --root '$ROOT' exec --preserve-fds 2 '$RM_ID' /probe fds"
	[ "$output" = "fds=0,1,2,3,4" ]
}

@test "a tty exec leaves the container's /dev/console alone" {
	cfg '.process.terminal = true'
	rm_ delete --force "$RM_ID"
	python3 "$TOP/tests/integ/recvtty.py" "$BATS_TEST_TMPDIR/sock0" "" 30 >/dev/null &
	for _ in $(seq 100); do [ -e "$BATS_TEST_TMPDIR/sock0.ready" ] && break; sleep 0.05; done
	rm_ run -d --console-socket "$BATS_TEST_TMPDIR/sock0" --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	local before; before=$(rm_ exec "$RM_ID" /probe stat /dev/console | grep rdev)
	for i in 1 2; do
		run script -qfec "'$RUNC_MINI' --root '$ROOT' exec --tty '$RM_ID' /probe all" /dev/null
		[ "$status" -eq 0 ]
	done
	[ "$(rm_ exec "$RM_ID" /probe stat /dev/console | grep rdev)" = "$before" ]
	[ "$before" = rdev=136:0 ] || { echo "before=$before"; false; }
}

@test "signals the caller of exec ignored, the lowest and highest too, are default in the exec'd process" {
	cc -O1 -o "$BATS_TEST_TMPDIR/ignsig" "$TOP/tests/integ/ignsig.c"
	# 1 and 64: the edges of /proc/self/stat's sigignore; 13 = SIGPIPE
	run "$BATS_TEST_TMPDIR/ignsig" 1 13 15 32 33 40 63 64 -- "$RUNC_MINI" --root "$ROOT" exec "$RM_ID" /probe all
	[ "$status" -eq 0 ]
	[ "$(val sigign)" = 0000000000000000 ] || { echo "sigign=$(val sigign)"; false; }
}
