#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# --init: runc-mini's own code is the container's PID 1 (forwarding
# signals, reaping zombies, passing the exit status through).  Every test
# runs a copy of the binary: the attack tests try to reach it.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=init-$$-$BATS_TEST_NUMBER
	RM=$BATS_TEST_TMPDIR/runc-mini
	cp "$RUNC_MINI" "$RM"
	cfg '.process.args = ["/probe", "sleep", "60"]'
}
teardown() {
	"$RM" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
	[ ! -e "$ROOT/$RM_ID" ]
}

rm_() { "$RM" --root "$ROOT" "$@"; }
status_of() { rm_ state "$1" | jq -r .status; }
wait_for() {  # FILE TEXT
	for _ in $(seq 200); do grep -q "$2" "$1" && return 0; sleep 0.05; done
	return 1
}
wait_stopped() {
	for _ in $(seq 200); do [ "$(status_of "$RM_ID")" = stopped ] && return 0; sleep 0.05; done
	return 1
}

@test "--init: the process runs as PID 2 under runc-mini, with no extra fd" {
	cfg '.process.args = ["/bin/sh", "-c", "echo pid=$$ ppid=$PPID; /probe fds; echo \"cmdline=$(tr \"\\\\0\" \" \" </proc/1/cmdline)\""]'
	run rm_ run --init --bundle "$BUNDLE" --pid-file "$BATS_TEST_TMPDIR/pid" "$RM_ID"
	[ "$status" -eq 0 ]
	[[ "$output" == *"pid=2 ppid=1"* ]]
	[ "$(val fds)" = "0,1,2" ]
	# runc-mini's command line named host paths: PID 1 shows none
	[[ "$(val cmdline)" == "runc-mini init"* ]]
	[[ "$output" != *"$BATS_TEST_TMPDIR"* ]]
	# without it, the process is PID 1 itself
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[[ "$output" == *"pid=1 ppid=0"* ]]
}

@test "runc-mini --init BUNDLE and the annotation ask for the same" {
	cfg '.process.args = ["/bin/sh", "-c", "echo pid=$$"]'
	run "$RM" --root "$ROOT" --init "$BUNDLE"
	[ "$status" -eq 0 ]
	[ "$(val pid)" = 2 ]
	cfg '.annotations["org.runc-mini.init"] = "true"'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(val pid)" = 2 ]
	cfg '.annotations["org.runc-mini.init"] = "false"'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$(val pid)" = 1 ]
	run "$RM" features
	[ "$(jq -r '.potentiallyUnsafeConfigAnnotations | index("org.runc-mini.init") != null' <<<"$output")" = true ]
}

@test "a bad value of the init annotation is refused, nothing left behind" {
	cfg '.annotations["org.runc-mini.init"] = "yes please"'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *'org.runc-mini.init: expected true, group or false, got "yes please"'* ]]
	[ ! -e "$ROOT/$RM_ID" ]
}

# The shell's child `sleep` is orphaned when the inner shell exits; the
# init must reap it when it ends, or it stays a zombie for ever.
orphan_script='o=$(sh -c "sleep 1 >/dev/null 2>&1 & echo \$!")
echo "me=$$ myparent=$PPID orphan_parent=$(cut -d" " -f4 /proc/$o/stat)"
i=0; while [ -e /proc/$o ] && [ $i -lt 300 ]; do i=$((i + 1)); sleep 0.1; done
if [ -e /proc/$o ]; then echo "left=$(cut -d" " -f3 /proc/$o/stat)"; else echo left=none; fi'

@test "an orphaned grandchild is reaped (PID 1 of a pid namespace)" {
	cfg --arg s "$orphan_script" '.process.args = ["/bin/sh", "-c", $s]'
	run rm_ run --init --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	[[ "$output" == *"me=2 myparent=1 orphan_parent=1"* ]]
	[ "$(val left)" = none ]
}

@test "without a pid namespace the init is a subreaper and reaps the orphan" {
	cfg --arg s "$orphan_script" 'del(.linux.namespaces[] | select(.type == "pid")) | .process.args = ["/bin/sh", "-c", $s]'
	run rm_ run --init --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	local parent; parent=$(sed -n 's/.*myparent=\([0-9]*\).*/\1/p' <<<"$output")
	[ "$parent" -gt 1 ]
	[[ "$output" == *"orphan_parent=$parent"* ]]
	[ "$(val left)" = none ]
}

@test "a shell that traps TERM gets it and exits with its own code" {
	cfg '.process.args = ["/bin/sh", "-c", "trap \"echo got=TERM; exit 42\" TERM; echo ready; while :; do sleep 0.1; done"]'
	rm_ run --init --bundle "$BUNDLE" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1 &
	local pid=$!
	wait_for "$BATS_TEST_TMPDIR/out" ready
	rm_ kill "$RM_ID" TERM
	wait "$pid" || status=$?
	[ "${status:-0}" -eq 42 ]
	grep -q got=TERM "$BATS_TEST_TMPDIR/out"
}

@test "every catchable signal sent to the init reaches the process" {
	local sig n
	for sig in TERM INT HUP QUIT USR1 USR2 WINCH CONT ALRM PIPE TSTP TTIN TTOU XCPU VTALRM PROF URG PWR ABRT SYS; do
		rm_ run -d --init --bundle "$BUNDLE" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1
		wait_for "$BATS_TEST_TMPDIR/out" sleeping
		rm_ kill "$RM_ID" "$sig"
		wait_stopped
		grep -q "got=SIG$sig" "$BATS_TEST_TMPDIR/out" || { echo "SIG$sig not forwarded"; cat "$BATS_TEST_TMPDIR/out"; return 1; }
		rm_ delete "$RM_ID"
	done
}

@test "--init-group sends the signal to the whole process group (tini -g)" {
	# the shell ignores USR1, so it outlives both probes and they can
	# report before the init exits (which ends the pid namespace)
	cfg '.process.args = ["/bin/sh", "-c", "trap \"\" USR1; /probe sleep 60 & /probe sleep 60; wait"]'
	rm_ run -d --init-group --bundle "$BUNDLE" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1
	for _ in $(seq 200); do [ "$(grep -c sleeping "$BATS_TEST_TMPDIR/out")" = 2 ] && break; sleep 0.05; done
	rm_ kill "$RM_ID" USR1
	wait_stopped
	[ "$(grep -c got=SIGUSR1 "$BATS_TEST_TMPDIR/out")" = 2 ]
}

@test "--init alone signals the process, not its group" {
	cfg '.process.args = ["/bin/sh", "-c", "/probe sleep 60 & /probe sleep 60; wait"]'
	cfg '.annotations["org.runc-mini.init"] = "true"'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1
	for _ in $(seq 200); do [ "$(grep -c sleeping "$BATS_TEST_TMPDIR/out")" = 2 ] && break; sleep 0.05; done
	rm_ kill "$RM_ID" USR1
	wait_stopped
	# the shell died of USR1, the init exited and took the probes with it
	[ "$(grep -c got=SIGUSR1 "$BATS_TEST_TMPDIR/out")" = 0 ]
}

@test "exit codes 0-255 come through the init" {
	local n
	for n in $(seq 0 255); do
		cfg --argjson n "$n" '.process.args = ["/probe", "exit", ($n | tostring)]'
		rm_ --init "$BUNDLE" && st=0 || st=$?
		[ "$st" -eq "$n" ] || { echo "exit $n gave $st"; return 1; }
	done
}

@test "a death by signal N comes through the init as 128+N" {
	local n
	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 24 25 26 27 29 30 31; do
		cfg --argjson n "$n" '.process.args = ["/probe", "kill", ($n | tostring)]'
		run rm_ --init "$BUNDLE"
		[ "$status" -eq $((128 + n)) ] || { echo "signal $n gave $status: $output"; return 1; }
	done
}

@test "create --init: state, ps, exec, pause, events, kill and delete work as without it" {
	rm_ create --init --bundle "$BUNDLE" --pid-file "$BATS_TEST_TMPDIR/pid" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1
	local pid; pid=$(cat "$BATS_TEST_TMPDIR/pid")
	[ "$(rm_ state "$RM_ID" | jq -r .pid)" = "$pid" ]
	rm_ start "$RM_ID"
	wait_for "$BATS_TEST_TMPDIR/out" sleeping
	# the state's pid is the init: still runc-mini, its child the process
	[ "$(rm_ state "$RM_ID" | jq -r .pid)" = "$pid" ]
	local kid; kid=$(cat "/proc/$pid/task/$pid/children")
	[[ "$(readlink "/proc/${kid// /}/exe")" == */probe ]]
	run rm_ ps --format json "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(jq -c 'sort' <<<"$output")" = "$(jq -cn --argjson a "$pid" --argjson b "${kid// /}" '[$a, $b] | sort')" ]
	run rm_ exec "$RM_ID" /bin/sh -c 'echo execpid=$$'
	[ "$status" -eq 0 ]
	[[ "$output" == execpid=* ]]
	rm_ pause "$RM_ID"
	[ "$(status_of "$RM_ID")" = paused ]
	rm_ resume "$RM_ID"
	run rm_ events --stats "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(jq -r .data.pids.current <<<"$output")" = 2 ]
	rm_ kill "$RM_ID" TERM
	wait_stopped
	grep -q got=SIGTERM "$BATS_TEST_TMPDIR/out"
	rm_ delete "$RM_ID"
	[ ! -e "$ROOT/$RM_ID" ]
}

# The CVE-2019-5736 class: a process of the container tries to open, write
# or map the host's runc-mini binary through its PID 1.
attack() {  # CAPS (JSON array added to every capability set)
	local target; target=$(stat -c '%d:%i' "$RM")
	cfg --arg t "$target" --argjson c "$1" '.process.args = ["/probe", "attack", "1", $t] |
		.process.capabilities |= with_entries(.value += $c)'
	local before; before=$(sha256sum <"$RM")
	run rm_ run --init --bundle "$BUNDLE" "$RM_ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(sha256sum <"$RM")" = "$before" ]
}

@test "the init cannot be reached from the container without CAP_SYS_PTRACE" {
	attack '[]'
	[ "$(val reached)" = 0 ]
	[ "$(val exe_r)" = EACCES ]
	[ "$(val exe_path)" = EACCES ]
	[ "$(val mem)" = EACCES ]
	[ "$(val maps)" = EACCES ]
	[ "$(val ptrace)" = EPERM ]
	[ "$(val fd_0_r)" = EACCES ]
}

@test "with CAP_SYS_PTRACE and CAP_SYS_ADMIN the init is reachable, the host's binary is not" {
	attack '["CAP_SYS_PTRACE", "CAP_SYS_ADMIN"]'
	# these open: what they reach is the sealed copy, never the file
	[ "$(val exe_r)" = ok ]
	[ "$(val map_files_0_r)" = ok ]
	[ "$(val ptrace)" = ok ]
	[ "$(val mem)" = ok ]
	[ "$(val maps)" = ok ]
	[ "$(val exe_w)" != ok ]
	[ "$(val exe_reopen_w)" != ok ]
	[ "$(val map_files_0_w)" != ok ]
	[ "$(val reached)" = 0 ]
}
