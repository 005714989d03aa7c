#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# make TINY=1 (build/tiny/runc-mini): the bundle runner, the lifecycle,
# cgroups and --init work; a verb the build leaves out says so clearly.
# Skipped when the tiny binary was not built (make test builds it).

load helpers

setup() {
	TINY_BIN=$TOP/build/tiny/runc-mini
	[ -x "$TINY_BIN" ] || skip "no $TINY_BIN (make TINY=1)"
	RUNC_MINI=$TINY_BIN
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=tiny-$$-$BATS_TEST_NUMBER
}
teardown() {
	[ -x "$TINY_BIN" ] || return 0
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
	[ ! -e "$ROOT/$RM_ID" ]
}

rm_() { "$RUNC_MINI" --root "$ROOT" "$@"; }

@test "tiny: the bundle runs, with the limit of its memory cgroup" {
	cfg '.process.args = ["/bin/sh", "-c", "echo pid=$$; cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null; exit 0"]
	     | .linux.resources.memory.limit = 67108864'
	run_bundle
	[ "$status" -eq 0 ]
	[[ "$output" == *"pid=1"* ]]
	[[ "$output" == *67108864* ]]
}

@test "tiny: create, start, state, kill, delete and list" {
	cfg '.process.args = ["/probe", "sleep", "60"]'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	[ "$(rm_ state "$RM_ID" | jq -r .status)" = created ]
	rm_ start "$RM_ID"
	[ "$(rm_ state "$RM_ID" | jq -r .status)" = running ]
	[[ "$(rm_ list -q)" == *"$RM_ID"* ]]
	rm_ kill "$RM_ID" KILL
	for _ in $(seq 100); do [ "$(rm_ state "$RM_ID" | jq -r .status)" = stopped ] && break; sleep 0.05; done
	[ "$(rm_ state "$RM_ID" | jq -r .status)" = stopped ]
	rm_ delete "$RM_ID"
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "tiny: --init runs the process as PID 2" {
	cfg '.process.args = ["/bin/sh", "-c", "echo pid=$$ ppid=$PPID"]'
	run rm_ run --init --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	[[ "$output" == *"pid=2 ppid=1"* ]]
}

@test "tiny: exec, update and events are not in this build; features says so" {
	local v
	for v in exec update events; do
		run rm_ "$v" "$RM_ID"
		[ "$status" -eq 1 ]
		[[ "$output" == *"$v: not in this build (built with TINY=1"* ]]
		[ "${#lines[@]}" -eq 1 ]
	done
	run rm_ features
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq -r '.annotations["org.opencontainers.runc-mini.leftOut"]')" = "seccomp exec update events" ]
	[ "$(printf '%s' "$output" | jq -r .linux.seccomp.enabled)" = false ]
}

@test "tiny: a config with linux.seccomp is refused clearly" {
	cfg '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW"}'
	run_bundle
	[ "$status" -eq 1 ]
	[[ "$output" == *seccomp* ]]
}
