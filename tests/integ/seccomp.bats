#!/usr/bin/env bats
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
	assert_host_clean
}

rm_() { "$RUNC_MINI" --root "$ROOT" "$@"; }

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
