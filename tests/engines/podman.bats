#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# podman 4.3 + conmon driving runc-mini, unmodified (tests/engines/setup-podman).
#
# Two front ends over one storage: `podman` (runtime_supports_json includes
# runc-mini: conmon passes --log-format=json --log FILE on create/exec and
# podman reads the error from that file) and `podman-nojson` (no global
# flags at all: podman reads conmon's captured stderr).  Tests named
# "(nojson)" use the second.  podman never passes --root, so runc-mini's
# state is in /run/runc-mini/<64-hex id>.
#
# Known failures (runc-mini bugs; the tests stay until they are fixed):
#   - "podman: the default seccomp profile is applied": runc-mini has no
#     seccomp yet (README "not yet"; no src/seccomp.c): the engine's default
#     profile in config.json (linux.seccomp) is silently ignored, the
#     container runs unfiltered (Seccomp: 0; runc: 2).

bats_require_minimum_version 1.5.0
load helpers

P=$ENG_TMP/podman/bin/podman
PN=$ENG_TMP/podman/bin/podman-nojson
CG=libpod_parent

setup_file() {
	"$BATS_TEST_DIRNAME/setup-podman" up >&3 2>&1 || return 1
}

teardown_file() {
	"$BATS_TEST_DIRNAME/setup-podman" down
}

teardown() {
	local n
	for n in $("$P" ps -a --format '{{.Names}}' 2>/dev/null); do
		"$P" rm -f -t 0 "$n" >/dev/null 2>&1 || true
	done
}

# Full id of container $1.
cid() {
	"$P" inspect -f '{{.Id}}' "$1"
}

status_of() {
	"$P" inspect -f '{{.State.Status}}' "$1"
}

# Starts a detached TRAP42 container named $1 (extra podman args after it),
# waits for it to be ready; ID in $ID.
start_trap42() {
	local name=$1
	shift
	ID=$("$P" run -d --name "$name" "$@" "$IMAGE" sh -c "$TRAP42") || return 1
	wait_for sh -c "'$P' logs '$name' | grep -q ready" || fail "$name never got ready"
}

@test "podman run --rm: output and exit status, nothing left" {
	run "$P" run --rm --name rm1 --cidfile "$BATS_TEST_TMPDIR/cid" "$IMAGE" \
		sh -c 'echo "hello from $(hostname) pid $$"; exit 3'
	assert_status 3
	assert_output_has "pid 1"
	assert_output_has "hello from "
	local id
	id=$(cat "$BATS_TEST_TMPDIR/cid")
	run "$P" ps -a -q --filter name=rm1
	[ -z "$output" ] || fail "container still listed: $output"
	assert_no_state "$RM_STATE" "$id"
	assert_no_cgroup "$CG/libpod-$id"
}

@test "podman run --rm (nojson): output and exit status" {
	run "$PN" run --rm "$IMAGE" sh -c 'echo out; echo err >&2; exit 5'
	assert_status 5
	assert_output_has out
	assert_output_has err
}

@test "podman run -d, then stop: SIGTERM reaches the container, state cleaned" {
	start_trap42 stop1
	[ "$(status_of stop1)" = running ]
	local pid
	pid=$("$P" inspect -f '{{.State.Pid}}' stop1)
	[ -d "$RM_STATE/$ID" ] || fail "no runc-mini state for $ID"
	run "$RT" state "$ID"
	assert_status 0
	[ "$(printf '%s' "$output" | jq -r .status)" = running ] || fail "runc-mini state: $output"
	[ "$(printf '%s' "$output" | jq -r .pid)" = "$pid" ] || fail "runc-mini state pid: $output"
	run "$P" stop -t 10 stop1
	assert_status 0
	[ "$(status_of stop1)" = exited ]
	[ "$("$P" inspect -f '{{.State.ExitCode}}' stop1)" = 42 ]
	! kill -0 "$pid" 2>/dev/null || fail "pid $pid still alive"
	assert_no_state "$RM_STATE" "$ID"
	assert_no_cgroup "$CG/libpod-$ID"
}

@test "podman --annotation org.runc-mini.init=true: runc-mini is PID 1 and forwards stop" {
	run "$P" run --rm --annotation org.runc-mini.init=true "$IMAGE" \
		sh -c 'echo "pid $$ parent $PPID init $(cat /proc/1/comm)"'
	assert_status 0
	# the shell is a child of runc-mini, PID 1 of the container
	assert_output_has "parent 1 init runc-mini"
	assert_output_lacks "pid 1 "
	start_trap42 init1 --annotation org.runc-mini.init=true
	run "$P" stop -t 10 init1
	assert_status 0
	[ "$("$P" inspect -f '{{.State.ExitCode}}' init1)" = 42 ] || fail "exit code not 42"
	assert_no_state "$RM_STATE" "$ID"
	assert_no_cgroup "$CG/libpod-$ID"
}

@test "podman kill -s TERM and -s KILL" {
	start_trap42 kill1
	run "$P" kill -s TERM kill1
	assert_status 0
	wait_for sh -c "[ \"\$('$P' inspect -f '{{.State.Status}}' kill1)\" = exited ]"
	[ "$("$P" inspect -f '{{.State.ExitCode}}' kill1)" = 42 ]
	start_trap42 kill2
	run "$P" kill -s KILL kill2
	assert_status 0
	wait_for sh -c "[ \"\$('$P' inspect -f '{{.State.Status}}' kill2)\" = exited ]"
	[ "$("$P" inspect -f '{{.State.ExitCode}}' kill2)" = 137 ]
	assert_no_state "$RM_STATE" "$ID"
}

@test "podman rm -f of a running container" {
	start_trap42 rmf1
	local pid
	pid=$("$P" inspect -f '{{.State.Pid}}' rmf1)
	run "$P" rm -f rmf1
	assert_status 0
	run "$P" ps -a -q --filter name=rmf1
	[ -z "$output" ] || fail "container still listed: $output"
	! kill -0 "$pid" 2>/dev/null || fail "pid $pid still alive"
	assert_no_state "$RM_STATE" "$ID"
	assert_no_cgroup "$CG/libpod-$ID"
}

@test "podman exec without a tty: output, stdin, exit status, env, user, cwd" {
	start_trap42 exec1
	run "$P" exec exec1 sh -c 'echo "in $(hostname) ppid $PPID"; exit 4'
	assert_status 4
	assert_output_has "ppid 0"
	run "$P" exec -e FOO=bar -u 1000:1000 -w /tmp exec1 sh -c 'echo "$FOO $(id -u):$(id -g) $PWD"'
	assert_status 0
	[ "$output" = "bar 1000:1000 /tmp" ] || fail "got: $output"
	run sh -c "printf 'abc\n' | '$P' exec -i exec1 sh -c 'read x; echo got \$x'"
	assert_status 0
	[ "$output" = "got abc" ] || fail "got: $output"
	# the exec'd process is in the container's pid namespace and cgroup
	local pid
	pid=$("$P" inspect -f '{{.State.Pid}}' exec1)
	run "$P" exec exec1 sh -c 'cat /proc/self/cgroup'
	assert_output_has "pids:/libpod_parent/libpod-$ID"
}

@test "podman exec (nojson): output and exit status" {
	start_trap42 exec2
	run "$PN" exec exec2 sh -c 'echo nojson; exit 6'
	assert_status 6
	[ "$output" = nojson ] || fail "got: $output"
}

@test "podman exec -t: a pty inside the container" {
	start_trap42 exect1
	run with_pty "$P" exec -t exect1 sh -c 'tty; echo done'
	assert_status 0
	output=$(clean_output)
	assert_output_has /dev/pts/
	assert_output_has done
	# a second tty exec gets a pty of its own
	run with_pty "$P" exec -it exect1 sh -c 'tty; exit 9'
	assert_status 9
	output=$(clean_output)
	assert_output_has /dev/pts/
	# exec must not change the container's /dev/console (runc does not)
	run "$P" exec exect1 sh -c 'grep " /dev/console " /proc/self/mountinfo'
	[ -z "$output" ] || fail "exec left a /dev/console mount: $output"
}

@test "podman run -t --rm: a pty as the container's stdio" {
	run with_pty "$P" run --rm -t "$IMAGE" sh -c 'tty; [ -t 0 ] && echo stdin-is-tty'
	assert_status 0
	output=$(clean_output)
	assert_output_has /dev/pts/0
	assert_output_has stdin-is-tty
}

@test "podman pause / unpause: freezer state and podman state" {
	start_trap42 pause1
	local fz=/sys/fs/cgroup/freezer/$CG/libpod-$ID/freezer.state
	run "$P" pause pause1
	assert_status 0
	[ "$(status_of pause1)" = paused ]
	[ "$(cat "$fz")" = FROZEN ] || fail "freezer: $(cat "$fz")"
	[ "$("$RT" state "$ID" | jq -r .status)" = paused ]
	run "$P" unpause pause1
	assert_status 0
	[ "$(status_of pause1)" = running ]
	[ "$(cat "$fz")" = THAWED ] || fail "freezer: $(cat "$fz")"
	run "$P" exec pause1 echo alive
	[ "$output" = alive ] || fail "got: $output"
}

@test "podman top: the container's processes" {
	start_trap42 top1
	"$P" exec -d top1 sleep 123
	wait_for sh -c "'$P' top top1 args | grep -q 'sleep 123'"
	run "$P" top top1 pid args
	assert_status 0
	assert_output_has "sleep 123"
	assert_output_has "trap"
	run "$P" top top1 hpid
	assert_status 0
	assert_output_has "$("$P" inspect -f '{{.State.Pid}}' top1)"
}

@test "podman --memory --pids-limit: limits seen inside and on the host" {
	start_trap42 lim1 --memory 64m --pids-limit 50
	run "$P" exec lim1 cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/memory/memory.limit_in_bytes
	assert_status 0
	[ "$output" = "50
67108864" ] || fail "got: $output"
	[ "$(cat /sys/fs/cgroup/memory/$CG/libpod-$ID/memory.limit_in_bytes)" = 67108864 ]
	[ "$(cat /sys/fs/cgroup/pids/$CG/libpod-$ID/pids.max)" = 50 ]
	# the limit bites: a fork bomb stops at 50 tasks
	run "$P" exec lim1 sh -c 'for i in $(seq 60); do sleep 5 & done 2>/dev/null; wait'
	[ "$(cat /sys/fs/cgroup/pids/$CG/libpod-$ID/pids.events | awk '{print $2}')" -gt 0 ] ||
		fail "pids.events: $(cat /sys/fs/cgroup/pids/$CG/libpod-$ID/pids.events)"
}

@test "podman update --memory: the new limit is applied" {
	start_trap42 upd1 --memory 64m
	run "$P" update --memory 96m --memory-swap 192m upd1
	assert_status 0
	run "$P" exec upd1 cat /sys/fs/cgroup/memory/memory.limit_in_bytes
	[ "$output" = 100663296 ] || fail "inside: $output"
	run "$P" update --cpu-shares 512 upd1
	assert_status 0
	[ "$(cat /sys/fs/cgroup/cpu/$CG/libpod-$ID/cpu.shares)" = 512 ]
	# the memory limit is left alone by an update that does not name it
	[ "$(cat /sys/fs/cgroup/memory/$CG/libpod-$ID/memory.limit_in_bytes)" = 100663296 ]
}

@test "podman run of a command not found: 127 and runc's words" {
	run -127 "$P" run --rm "$IMAGE" nosuchcmd
	assert_status 127
	assert_output_has 'exec: "nosuchcmd": executable file not found in $PATH'
	run "$P" ps -a -q
	[ -z "$output" ] || fail "containers left: $output"
}

@test "podman run of a command not found (nojson): 127" {
	run -127 "$PN" run --rm "$IMAGE" /no/such/file
	assert_status 127
	assert_output_has "no such file or directory"
}

@test "podman exec of a command not found: 127" {
	start_trap42 execnf
	run -127 "$P" exec execnf nosuchcmd
	assert_status 127
	assert_output_has "executable file not found"
}

@test "podman: a failing start (not executable) is 126, and restartable state" {
	run "$P" create --name fail1 "$IMAGE" /etc/passwd
	assert_status 0
	run "$P" start fail1
	[ "$status" -ne 0 ] || fail "start succeeded: $output"
	assert_output_has "permission denied"
	run "$P" run --rm "$IMAGE" /etc
	assert_status 126
	assert_output_has 'exec: "/etc": permission denied'
	local id
	id=$(cid fail1)
	assert_no_state "$RM_STATE" "$id"
	run "$P" rm fail1
	assert_status 0
}

@test "podman: a failing start (nojson) is 126" {
	run "$PN" run --rm "$IMAGE" /etc
	assert_status 126
	assert_output_has "permission denied"
}

@test "podman: the runtime's name appears once in an error, with and without json logs" {
	local fe
	for fe in "$P" "$PN"; do
		run "$fe" run --rm "$IMAGE" /etc
		assert_status 126
		assert_output_has 'runc-mini: exec: "/etc": permission denied'
		case "$output" in *"runc-mini: runc-mini:"*) fail "prefix twice ($fe): $output" ;; esac
	done
}

@test "podman restart: a new init, same container" {
	start_trap42 rs1
	local pid1 pid2
	pid1=$("$P" inspect -f '{{.State.Pid}}' rs1)
	run "$P" restart -t 10 rs1
	assert_status 0
	[ "$(status_of rs1)" = running ]
	pid2=$("$P" inspect -f '{{.State.Pid}}' rs1)
	[ "$pid1" != "$pid2" ] || fail "same pid $pid1 after restart"
	! kill -0 "$pid1" 2>/dev/null || fail "old init $pid1 alive"
	wait_for sh -c "[ \$('$P' logs rs1 | grep -c ready) = 2 ]"
	run "$P" exec rs1 echo back
	[ "$output" = back ] || fail "got: $output"
}

@test "podman run --rm with --preserve-fds: fd 3 reaches the container" {
	run bash -c "exec 3< /etc/hostname; '$P' run --rm --preserve-fds 1 '$IMAGE' sh -c 'cat <&3; ls /proc/self/fd | wc -l'"
	assert_status 0
	assert_output_has "$(cat /etc/hostname)"
}

@test "podman run --pid host, then stop: kill --all reaches the container" {
	# without its own pid namespace podman stops with `kill --all ID 15`
	start_trap42 host1 --pid host
	local pid
	pid=$("$P" inspect -f '{{.State.Pid}}' host1)
	run "$P" stop -t 10 host1
	assert_status 0
	[ "$("$P" inspect -f '{{.State.ExitCode}}' host1)" = 42 ]
	! kill -0 "$pid" 2>/dev/null || fail "pid $pid alive"
	assert_no_state "$RM_STATE" "$ID"
}

@test "podman: the default seccomp profile is applied" {
	run "$P" run --rm "$IMAGE" grep '^Seccomp:' /proc/self/status
	assert_status 0
	[ "$(printf '%s' "$output" | awk '{print $2}')" = 2 ] || fail "not filtered: $output"
	run "$P" run --rm --security-opt seccomp=unconfined "$IMAGE" grep '^Seccomp:' /proc/self/status
	[ "$(printf '%s' "$output" | awk '{print $2}')" = 0 ] || fail "unconfined: $output"
}

@test "podman: six concurrent run --rm, each its own output and status" {
	local i
	for i in 1 2 3 4 5 6; do
		(rc=0
		 "$P" run --rm "$IMAGE" sh -c "echo c$i; exit $i" >"$BATS_TEST_TMPDIR/out$i" 2>&1 || rc=$?
		 echo $rc >"$BATS_TEST_TMPDIR/rc$i") &
	done
	wait
	for i in 1 2 3 4 5 6; do
		[ "$(cat "$BATS_TEST_TMPDIR/rc$i")" = "$i" ] || fail "run $i: status $(cat "$BATS_TEST_TMPDIR/rc$i"): $(cat "$BATS_TEST_TMPDIR/out$i")"
		[ "$(cat "$BATS_TEST_TMPDIR/out$i")" = "c$i" ] || fail "run $i: $(cat "$BATS_TEST_TMPDIR/out$i")"
	done
	run "$P" ps -a -q
	[ -z "$output" ] || fail "containers left: $output"
}

@test "podman: no runc-mini state or cgroup of ours is left behind" {
	"$P" rm -a -f -t 0 >/dev/null
	local id left=
	for id in $(ls "$RM_STATE" 2>/dev/null); do
		[ -d "$CG" ] || true
		[ -e "$ENG_TMP/podman/storage/overlay-containers/$id" ] && left="$left $id"
	done
	[ -z "$left" ] || fail "runc-mini state left for:$left"
	run sh -c "ls -d /sys/fs/cgroup/*/$CG/libpod-* 2>/dev/null"
	[ -z "$output" ] || fail "cgroups left: $output"
}
