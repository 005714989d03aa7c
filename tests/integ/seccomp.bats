#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# linux.seccomp: the profile is compiled to BPF and loaded into the
# container's process (and into exec'd ones); checked from inside.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=sc-$$-$BATS_TEST_NUMBER
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	if [ -n "${AGENT:-}" ]; then kill "$AGENT" 2>/dev/null; wait "$AGENT" 2>/dev/null; fi
	assert_host_clean
}

# A profile that allows everything but mkdir/mkdirat (errno 38 = ENOSYS,
# podman's defaultErrnoRet style) and chmod of mode 0777 exactly.
profile='{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
  "syscalls": [
    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
    {"names": ["fchmodat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
     "args": [{"index": 2, "value": 511, "op": "SCMP_CMP_EQ"}]},
    {"names": ["chmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
     "args": [{"index": 1, "value": 511, "op": "SCMP_CMP_EQ"}]}]}'

@test "the process runs filtered (Seccomp: 2) and denied calls get errnoRet" {
	cfg --argjson p "$profile" '.linux.seccomp = $p | .root.readonly = false
	     | .process.args = ["/bin/sh", "-c", "grep Seccomp: /proc/self/status; mkdir /x 2>&1; echo mkdir=$?"]'
	run_bundle
	[ "$status" -eq 0 ]
	[[ "$output" == *"Seccomp:"*"2"* ]]
	[[ "$output" == *"Function not implemented"* ]]   # ENOSYS from the filter
	[[ "$output" == *"mkdir=1"* ]]
	[ ! -e "$BUNDLE/rootfs/x" ]
}

@test "argument conditions: only the matching call is denied" {
	cfg --argjson p "$profile" '.linux.seccomp = $p | .root.readonly = false
	     | .process.args = ["/bin/sh", "-c", "touch /f; chmod 0644 /f && echo ok644; chmod 0777 /f || echo denied777"]'
	run_bundle
	[[ "$output" == *ok644* ]]
	[[ "$output" == *denied777* ]]
}

@test "without noNewPrivileges the filter is loaded while privileged, for a non-root user too" {
	cfg --argjson p "$profile" '.linux.seccomp = $p | .process.noNewPrivileges = false
	     | .process.user = {"uid": 1000, "gid": 1000}
	     | .process.args = ["/bin/sh", "-c", "grep Seccomp: /proc/self/status; grep NoNewPrivs /proc/self/status"]'
	run_bundle
	[ "$status" -eq 0 ]
	[[ "$output" == *"Seccomp:"*"2"* ]]
	[[ "$output" == *"NoNewPrivs:"*"0"* ]]
}

@test "exec'd processes get the container's filter" {
	cfg --argjson p "$profile" '.linux.seccomp = $p | .root.readonly = false | .process.args = ["/probe", "sleep", "60"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ exec "$RM_ID" /bin/sh -c 'grep Seccomp: /proc/self/status; mkdir /y; echo rc=$?'
	[[ "$output" == *"Seccomp:"*"2"* ]]
	[[ "$output" == *"rc=1"* ]]
}

@test "docker's and podman's real default profiles load and the container runs" {
	for f in docker-run-memory-pids podman-run-memory-pids; do
		cfg --slurpfile c "$TOP/tests/unit/fixtures/$f.config.json" '.linux.seccomp = $c[0].linux.seccomp
		     | .process.args = ["/bin/sh", "-c", "grep Seccomp: /proc/self/status; /probe exit 0"]'
		run_bundle
		[ "$status" -eq 0 ]
		[[ "$output" == *"Seccomp:"*"2"* ]]
	done
}

@test "a bad profile is a clear error naming the field" {
	cfg '.linux.seccomp = {"defaultAction": "SCMP_ACT_NOPE"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.seccomp.defaultAction"* ]]
}

# SCMP_ACT_NOTIFY: a seccomp agent (tests/integ/seccomp-agent.py) at
# listenerPath gets the container process state and the listener, and
# answers mkdir with a fake success: the call "succeeds", nothing is made.
notify_profile() {
	jq -n --arg sock "$1" --arg meta "$2" '{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": $sock,
	  "listenerMetadata": $meta, "flags": ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
	  "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}'
}
start_agent() {     # CONNECTIONS: the agent exits when their listeners hang up
	SOCK=$BATS_TEST_TMPDIR/agent.sock
	OUT=$BATS_TEST_TMPDIR/agent
	mkdir -p "$OUT"
	# timeout: a stuck agent fails the test instead of hanging it
	timeout 60 python3 "$TOP/tests/integ/seccomp-agent.py" "$SOCK" "$OUT" "$1" 2>"$OUT/stderr" &
	AGENT=$!
	for _ in $(seq 100); do [ -S "$SOCK" ] && return 0; sleep 0.05; done
	cat "$OUT/stderr" >&2
	return 1
}
need_notify() {
	uname -r | awk -F. '{ exit !($1 > 5 || ($1 == 5 && $2 >= 0)) }' ||
		skip "SCMP_ACT_NOTIFY needs Linux 5.0 (this is $(uname -r))"
}

@test "SCMP_ACT_NOTIFY: the agent gets the state and the listener, and fakes mkdir" {
	need_notify
	start_agent 1
	cfg --argjson p "$(notify_profile "$SOCK" 'tenant=a "quoted"')" '.linux.seccomp = $p | .root.readonly = false
	     | .process.args = ["/bin/sh", "-c", "mkdir /newdir; echo mkdir=$?; test -d /newdir && echo exists || echo absent"]'
	rm_ run --bundle "$BUNDLE" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1
	wait "$AGENT"
	output=$(cat "$BATS_TEST_TMPDIR/out")
	[[ "$output" == *"mkdir=0"* ]]          # the agent said it worked ...
	[[ "$output" == *"absent"* ]]           # ... but nothing was made
	[ ! -e "$BUNDLE/rootfs/newdir" ]
	# One mkdir (or mkdirat) call reached the agent.
	run cat "$OUT/calls"
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == mkdir* ]]
	# The container process state, as the runtime-spec gives it.
	[ "$(cat "$OUT/fds.0")" = 1 ]
	s=$OUT/state.0.json
	jq -e --arg id "$RM_ID" --arg b "$BUNDLE" '.ociVersion == "1.2.0" and .fds == ["seccompFd"]
	     and .metadata == "tenant=a \"quoted\"" and (.pid > 0) and .state.pid == .pid
	     and .state.id == $id and .state.status == "creating" and .state.bundle == $b' "$s"
}

@test "SCMP_ACT_NOTIFY with create/start and exec: one listener per process, each to the agent" {
	need_notify
	start_agent 2
	cfg --argjson p "$(notify_profile "$SOCK" m)" '.linux.seccomp = $p | .root.readonly = false
	     | .process.args = ["/bin/sh", "-c", "mkdir /a && echo made-a; sleep 60"]'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	# Sent while the container was being created (the agent may still be
	# writing it down when create returns).
	for _ in $(seq 100); do [ -f "$OUT/fds.0" ] && break; sleep 0.05; done
	jq -e '.state.status == "creating"' "$OUT/state.0.json"
	rm_ start "$RM_ID"
	run rm_ exec "$RM_ID" /bin/sh -c 'mkdir /b; echo rc=$?; test -d /b || echo no-b'
	[[ "$output" == *"rc=0"* ]]
	[[ "$output" == *"no-b"* ]]
	jq -e --arg id "$RM_ID" '.state.status == "running" and .state.id == $id and .pid != .state.pid' \
		"$OUT/state.1.json"
	rm_ delete --force "$RM_ID"
	wait "$AGENT"
	[ "$(wc -l <"$OUT/calls")" -eq 2 ]
	[ ! -e "$BUNDLE/rootfs/a" ] && [ ! -e "$BUNDLE/rootfs/b" ]
}

@test "SCMP_ACT_NOTIFY: no agent at listenerPath is a clear error, and nothing is left" {
	need_notify
	cfg --argjson p "$(notify_profile "$BATS_TEST_TMPDIR/nobody.sock" x)" '.linux.seccomp = $p'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	assert_one_line_error
	[[ "$output" == *"seccomp agent"*"listenerPath $BATS_TEST_TMPDIR/nobody.sock"* ]]
	run rm_ list -q
	[ -z "$output" ]
}
