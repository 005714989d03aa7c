#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# The command line's edges: numbers parsed strictly and refused before
# anything is written, --root and --log mistakes said, one line per error,
# kill with signal 0 as a liveness test.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=ce-$$-$BATS_TEST_NUMBER
	cfg '.process.args = ["/probe", "sleep", "600"] | .linux.resources = {"memory": {"limit": 268435456}, "cpu": {"shares": 512}, "pids": {"limit": 50}}'
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

# A cgroup v1 file of the container, read through its init.
cgval() {   # cgval CONTROLLER FILE
	local path; path=$(grep ":$1:" /proc/$INIT/cgroup | cut -d: -f3)
	cat "/sys/fs/cgroup/$1$path/$2"
}

start_container() {
	run_detached
	[ -d /sys/fs/cgroup/memory ] || skip "needs cgroup v1 memory and cpu controllers"
}

@test "update refuses hostile numbers before it writes anything" {
	start_container
	local mem shares pids v
	mem=$(cgval memory memory.limit_in_bytes)
	shares=$(cgval cpu cpu.shares)
	pids=$(cgval pids pids.max)
	for v in -5 -0.5 -2 1e19 nan inf -inf 0x10 " 5" 1.5 99999999999999999999 8192p ""; do
		run rm_ update --memory "$v" --pids-limit 20 "$RM_ID"
		[ "$status" -ne 0 ] || { echo "--memory '$v' accepted" >&2; return 1; }
		assert_one_line_error
		[[ "$output" == *"--memory"* ]]
	done
	for v in -1 -5 262145 1.0 1e3 nan 18446744073709551615 +3; do
		run rm_ update --memory 64m --cpu-share "$v" "$RM_ID"
		[ "$status" -ne 0 ] || { echo "--cpu-share '$v' accepted" >&2; return 1; }
		assert_one_line_error
		[[ "$output" == *"--cpu-share"* ]]
	done
	for v in -2 1.5 x 9223372036854775808; do
		run rm_ update --pids-limit "$v" "$RM_ID"
		[ "$status" -ne 0 ]
		run rm_ update --cpu-quota "$v" "$RM_ID"
		[ "$status" -ne 0 ]
	done
	for v in 999 1000001 -1; do
		run rm_ update --cpu-period "$v" "$RM_ID"
		[ "$status" -ne 0 ]
	done
	run rm_ update --blkio-weight 5 "$RM_ID"
	[ "$status" -ne 0 ]
	# nothing changed
	[ "$(cgval memory memory.limit_in_bytes)" = "$mem" ]
	[ "$(cgval cpu cpu.shares)" = "$shares" ]
	[ "$(cgval pids pids.max)" = "$pids" ]
	# and good values in runc's units still work
	rm_ update --memory 1.5G --cpu-share 1024 --pids-limit 30 "$RM_ID"
	[ "$(cgval memory memory.limit_in_bytes)" = 1610612736 ]
	[ "$(cgval cpu cpu.shares)" = 1024 ]
	[ "$(cgval pids pids.max)" = 30 ]
	rm_ update --memory -1 "$RM_ID"
	[ "$(cgval memory memory.limit_in_bytes)" -gt 1610612736 ]
}

@test "--preserve-fds takes only a small integer" {
	for v in -1 1e2 " 3" 3x 1001; do
		run rm_ create --preserve-fds "$v" --bundle "$BUNDLE" "$RM_ID"
		[ "$status" -ne 0 ]
		[[ "$output" == *"--preserve-fds"* ]]
	done
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "kill ID 0 tests whether the container is alive" {
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	rm_ kill "$RM_ID" 0
	rm_ start "$RM_ID"
	rm_ kill "$RM_ID" 0
	local pid; pid=$(rm_ state "$RM_ID" | jq .pid)
	kill -0 "$pid"
	rm_ kill "$RM_ID" KILL
	for _ in $(seq 100); do [ "$(rm_ state "$RM_ID" | jq -r .status)" = stopped ] && break; sleep 0.05; done
	run rm_ kill "$RM_ID" 0
	[ "$status" -ne 0 ]
	[[ "$output" == *"container not running"* ]]
	# a number that only looks like one is still refused
	run rm_ kill "$RM_ID" " 9"
	[ "$status" -ne 0 ]
	[[ "$output" == *"unknown signal"* ]]
}

@test "--root that is a regular file is refused, not listed as empty" {
	touch "$BATS_TEST_TMPDIR/file"
	run "$RUNC_MINI" --root "$BATS_TEST_TMPDIR/file" list
	[ "$status" -ne 0 ]
	assert_one_line_error
	[[ "$output" == *"not a directory"* ]]
	run "$RUNC_MINI" --root "$BATS_TEST_TMPDIR/file" create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"not a directory"* ]]
}

@test "an unwritable --log is said on stderr" {
	run "$RUNC_MINI" --log /nonexistent-dir/log --root "$ROOT" list
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: cannot write the log file /nonexistent-dir/log: "* ]]
	# and an error still reaches stderr
	run "$RUNC_MINI" --log /nonexistent-dir/log --root "$ROOT" state nosuch
	[ "$status" -ne 0 ]
	[[ "$output" == *"container does not exist"* ]]
}

@test "an unknown option is one line" {
	run rm_ list --bogus
	assert_one_line_error
	run rm_ update --nosuch 5 "$RM_ID"
	assert_one_line_error
	run "$RUNC_MINI" --bogus-global list
	assert_one_line_error
	run rm_ delete -x "$RM_ID"
	assert_one_line_error
}

@test "events --interval takes a duration, not nan or 1e300" {
	start_container
	local v
	for v in nan inf 1e300 -1 0 " 5" 1. .5 25h 5x; do
		run rm_ events --interval "$v" "$RM_ID"
		[ "$status" -ne 0 ] || { echo "--interval '$v' accepted" >&2; return 1; }
		assert_one_line_error
		[[ "$output" == *"--interval"* ]]
	done
	run rm_ events --stats --interval 1.5s "$RM_ID"
	[ "$status" -eq 0 ]
}
