#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# containerd 1.6 (own daemon, tests/engines/setup-containerd) + ctr +
# containerd-shim-runc-v2 driving runc-mini, unmodified: every call comes
# from the shim with --root $ENG_TMP/containerd/runc/rmtest --log
# .../log.json --log-format json.  Images: the native snapshotter.
#
# Not reachable with ctr 1.6 (skipped with the reason): `update` (ctr has
# no task update; the shim's `update --resources -` path is covered by
# docker.bats) and a pids limit (ctr run has no flag for it).
#
# Known failures: none.

bats_require_minimum_version 1.5.0
load helpers

C=$ENG_TMP/containerd/bin
ROOT=$ENG_TMP/containerd/runc/rmtest
FIFO=$ENG_TMP/containerd/fifo
CG=rmtest

setup_file() {
	"$BATS_TEST_DIRNAME/setup-containerd" up >&3 2>&1 || return 1
}

teardown_file() {
	"$BATS_TEST_DIRNAME/setup-containerd" down
}

teardown() {
	local c
	for c in $("$C/ctr" containers ls -q 2>/dev/null); do
		"$C/ctr" tasks kill -a -s KILL "$c" >/dev/null 2>&1 || true
		wait_for sh -c "! '$C/ctr' tasks ls | grep -q '^$c .*RUNNING'" || true
		"$C/ctr" tasks rm -f "$c" >/dev/null 2>&1 || true
		"$C/ctr" containers rm "$c" >/dev/null 2>&1 || true
	done
}

# Task status (RUNNING, PAUSED, STOPPED...) and pid of container $1.
task_status() {
	"$C/ctr" tasks ls | awk -v c="$1" '$1 == c { print $3 }'
}

task_pid() {
	"$C/ctr" tasks ls | awk -v c="$1" '$1 == c { print $2 }'
}

# Starts a detached TRAP42 container $1 (extra ctr run options after it).
start_trap42() {
	local name=$1
	shift
	"$C/ctr-run" -d "$@" "$IMAGE" "$name" sh -c "$TRAP42" >/dev/null || return 1
	wait_for sh -c "[ \"\$('$C/ctr' tasks ls | awk '\$1 == \"$name\" { print \$3 }')\" = RUNNING ]" ||
		fail "$name not running"
}

wait_stopped() {
	wait_for sh -c "[ \"\$('$C/ctr' tasks ls | awk '\$1 == \"$1\" { print \$3 }')\" = STOPPED ]" ||
		fail "$1 did not stop: $("$C/ctr" tasks ls)"
}

# Deletes the stopped task $1; its exit code (from ctr's warning; 0 if none) in $EXIT.
rm_task() {
	local out
	out=$("$C/ctr" tasks rm "$1" 2>&1) || fail "tasks rm $1: $out"
	EXIT=$(printf '%s' "$out" | sed -n 's/.*non-zero exit code \([0-9]*\).*/\1/p')
	EXIT=${EXIT:-0}
}

exec_() {
	"$C/ctr" tasks exec --fifo-dir "$FIFO" "$@"
}

@test "ctr run --rm: output and exit status, nothing left" {
	run "$C/ctr-run" --rm "$IMAGE" rm1 sh -c 'echo "hello pid $$ on $(hostname)"; exit 3'
	assert_status 3
	assert_output_has "hello pid 1 on "
	run "$C/ctr" containers ls -q
	[ -z "$output" ] || fail "containers left: $output"
	assert_no_state "$ROOT" rm1
	assert_no_cgroup "$CG/rm1"
}

@test "ctr run -d, tasks kill (TERM): delivered, exit 42, state removed by rm" {
	start_trap42 k1
	[ -d "$ROOT/k1" ] || fail "no runc-mini state under $ROOT"
	run "$RT" --root "$ROOT" state k1
	assert_status 0
	[ "$(printf '%s' "$output" | jq -r .status)" = running ] || fail "state: $output"
	[ "$(printf '%s' "$output" | jq -r .pid)" = "$(task_pid k1)" ] || fail "state: $output"
	run "$C/ctr" tasks kill k1
	assert_status 0
	wait_stopped k1
	rm_task k1
	[ "$EXIT" = 42 ] || fail "exit code $EXIT"
	assert_no_state "$ROOT" k1
	assert_no_cgroup "$CG/k1"
}

@test "ctr tasks kill -s KILL, and kill -a reaches every process" {
	start_trap42 k2
	run "$C/ctr" tasks kill -s KILL k2
	assert_status 0
	wait_stopped k2
	rm_task k2
	[ "$EXIT" = 137 ] || fail "exit code $EXIT"
	start_trap42 k3
	exec_ -d --exec-id sleeper k3 sleep 300
	local spid
	wait_for sh -c "pgrep -f 'sleep 300' >/dev/null"
	spid=$(pgrep -f 'sleep 300' | head -n1)
	run "$C/ctr" tasks kill -a -s KILL k3
	assert_status 0
	wait_stopped k3
	wait_for sh -c "! kill -0 $spid 2>/dev/null" || fail "exec'd $spid survived kill -a"
}

@test "ctr tasks rm -f of a running task (rm -f)" {
	start_trap42 f1
	local pid
	pid=$(task_pid f1)
	run "$C/ctr" tasks rm -f f1
	assert_status 0
	[ -z "$(task_status f1)" ] || fail "task still listed"
	! kill -0 "$pid" 2>/dev/null || fail "pid $pid alive"
	assert_no_state "$ROOT" f1
	assert_no_cgroup "$CG/f1"
}

@test "ctr tasks exec: output, exit status, cwd, user, cgroup" {
	start_trap42 e1
	run exec_ --exec-id x1 e1 sh -c 'echo "ppid $PPID"; exit 4'
	assert_status 4
	[ "$output" = "ppid 0" ] || fail "got: $output"
	run exec_ --exec-id x2 --cwd /tmp --user 1000 e1 sh -c 'echo "$(id -u) $PWD"; cat /proc/self/cgroup'
	assert_status 0
	assert_output_has "1000 /tmp"
	assert_output_has "pids:/$CG/e1"
}

@test "ctr tasks exec -t: a pty, twice; /dev/console untouched" {
	start_trap42 t1
	run with_pty "$C/ctr" tasks exec -t --fifo-dir "$FIFO" --exec-id p1 t1 sh -c 'tty; sleep 0.2'
	assert_status 0
	output=$(clean_output)
	assert_output_has /dev/pts/
	run with_pty "$C/ctr" tasks exec -t --fifo-dir "$FIFO" --exec-id p2 t1 sh -c 'tty; sleep 0.2; exit 7'
	assert_status 7
	output=$(clean_output)
	assert_output_has /dev/pts/
	run exec_ --exec-id p3 t1 sh -c 'grep " /dev/console " /proc/self/mountinfo'
	[ -z "$output" ] || fail "exec left a /dev/console mount: $output"
}

@test "ctr run -t --rm: a pty as the container's stdio" {
	run with_pty "$C/ctr-run" --rm -t "$IMAGE" tty1 sh -c 'tty; [ -t 0 ] && echo stdin-is-tty'
	assert_status 0
	output=$(clean_output)
	assert_output_has /dev/pts/0
	assert_output_has stdin-is-tty
}

@test "ctr tasks ps: host pids of the init and an exec'd process" {
	start_trap42 ps1
	exec_ -d --exec-id s1 ps1 sleep 301
	wait_for sh -c "pgrep -f 'sleep 301' >/dev/null"
	run "$C/ctr" tasks ps ps1
	assert_status 0
	assert_output_has "$(task_pid ps1)"
	assert_output_has "$(pgrep -f 'sleep 301' | head -n1)"
}

@test "ctr tasks pause / resume: freezer and task state" {
	start_trap42 pz1
	local fz=/sys/fs/cgroup/freezer/$CG/pz1/freezer.state
	run "$C/ctr" tasks pause pz1
	assert_status 0
	[ "$(task_status pz1)" = PAUSED ]
	[ "$(cat "$fz")" = FROZEN ] || fail "freezer: $(cat "$fz")"
	run "$C/ctr" tasks resume pz1
	assert_status 0
	[ "$(task_status pz1)" = RUNNING ]
	[ "$(cat "$fz")" = THAWED ] || fail "freezer: $(cat "$fz")"
	run exec_ --exec-id a1 pz1 echo alive
	[ "$output" = alive ] || fail "got: $output"
}

@test "ctr run --memory-limit: the limit on the task's cgroup" {
	start_trap42 m1 --memory-limit 67108864
	local pid
	pid=$(task_pid m1)
	[ "$(pid_cgroup memory "$pid")" = /sys/fs/cgroup/memory/$CG/m1 ] ||
		fail "memory cgroup of $pid: $(pid_cgroup memory "$pid")"
	[ "$(cat /sys/fs/cgroup/memory/$CG/m1/memory.limit_in_bytes)" = 67108864 ]
	[ "$(pid_cgroup pids "$pid")" = /sys/fs/cgroup/pids/$CG/m1 ]
}

@test "ctr: pids limit" {
	skip "ctr 1.6 run has no pids-limit flag (covered by podman.bats and docker.bats)"
}

@test "ctr: update" {
	skip "ctr 1.6 has no task update (the shim's update --resources - is covered by docker.bats)"
}

@test "ctr run of a command not found: error in runc's words, nothing left" {
	run "$C/ctr-run" --rm "$IMAGE" nf1 nosuchcmd
	[ "$status" -ne 0 ] || fail "succeeded: $output"
	assert_output_has 'exec: "nosuchcmd": executable file not found in $PATH'
	assert_output_lacks "unable to retrieve OCI runtime error"
	run "$C/ctr" containers ls -q
	[ -z "$output" ] || fail "containers left: $output"
	assert_no_state "$ROOT" nf1
	assert_no_cgroup "$CG/nf1"
}

@test "ctr tasks exec of a command not found" {
	start_trap42 nf2
	run exec_ --exec-id nx nf2 nosuchcmd
	[ "$status" -ne 0 ] || fail "succeeded: $output"
	assert_output_has 'exec: "nosuchcmd": executable file not found in $PATH'
	[ "$(task_status nf2)" = RUNNING ]
}

@test "ctr: a failing start (not executable), error from the json log" {
	run "$C/ctr-run" --rm "$IMAGE" fs1 /etc
	[ "$status" -ne 0 ] || fail "succeeded: $output"
	assert_output_has 'exec: "/etc": permission denied'
	assert_no_state "$ROOT" fs1
	assert_no_cgroup "$CG/fs1"
}

@test "ctr: restart (kill, tasks rm, tasks start again)" {
	start_trap42 rs1
	local pid1 pid2
	pid1=$(task_pid rs1)
	"$C/ctr" tasks kill rs1
	wait_stopped rs1
	rm_task rs1
	[ "$EXIT" = 42 ]
	run "$C/ctr" tasks start -d --fifo-dir "$FIFO" rs1
	assert_status 0
	wait_for sh -c "[ \"\$('$C/ctr' tasks ls | awk '\$1 == \"rs1\" { print \$3 }')\" = RUNNING ]"
	pid2=$(task_pid rs1)
	[ "$pid1" != "$pid2" ] || fail "same pid"
	run exec_ --exec-id b1 rs1 echo back
	[ "$output" = back ] || fail "got: $output"
}

@test "ctr: no runc-mini state, cgroup or task of ours is left behind" {
	teardown
	run ls "$ROOT"
	[ -z "$output" ] || fail "runc-mini state left: $output"
	run sh -c "ls -d /sys/fs/cgroup/*/$CG/* 2>/dev/null | grep -v '/$CG/[a-z.]*\.' "
	[ -z "$output" ] || fail "cgroups left: $output"
}
