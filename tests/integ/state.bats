#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# The state directory survives crashes and corruption: whatever a SIGKILL
# or a damaged file leaves, `delete --force` removes it all, and `list`
# shows it instead of hiding it.  Ids are one file name.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=st-$$-$BATS_TEST_NUMBER
	cfg '.process.args = ["/probe", "sleep", "600"] | .linux.resources.pids = {"limit": 100}'
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
	assert_gone "$RM_ID"
}

# Nothing of container $1 remains: state dir, cgroup (wherever the cgroup
# layer puts it), a process inside the bundle's rootfs, a mount.
assert_gone() {
	local id=$1 p
	[ -n "$id" ] && [ -n "${ROOT:-}" ] || return 0     # setup failed before naming it
	[ ! -e "$ROOT/$id" ] || { echo "state dir $ROOT/$id remains: $(ls -a "$ROOT/$id")" >&2; return 1; }
	if [ -n "$(find /sys/fs/cgroup -maxdepth 5 -type d -name "$id" 2>/dev/null)" ]; then
		echo "cgroups remain: $(find /sys/fs/cgroup -maxdepth 5 -type d -name "$id")" >&2
		return 1
	fi
	for p in /proc/[0-9]*; do
		if [ "$(readlink "$p/root" 2>/dev/null)" = "$BUNDLE/rootfs" ]; then
			echo "process remains: ${p#/proc/} $(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)" >&2
			return 1
		fi
	done
	if grep -q " $BUNDLE" /proc/self/mountinfo; then
		echo "mount remains: $(grep " $BUNDLE" /proc/self/mountinfo)" >&2
		return 1
	fi
}

# delete --force succeeds and leaves nothing of $1.
force_clean() {
	run rm_ delete --force "$1"
	[ "$status" -eq 0 ] || { echo "delete --force $1: $output" >&2; return 1; }
	assert_gone "$1"
}

@test "ids: longer than a file name or starting with '.' are refused before anything is made" {
	local long; long=$(printf 'a%.0s' $(seq 256))
	# (not `run`: a wrongly created init would keep its output pipe open)
	status=0
	rm_ create --bundle "$BUNDLE" "$long" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1 || status=$?
	output=$(cat "$BATS_TEST_TMPDIR/out")
	[ "$status" -ne 0 ]
	[[ "$output" == *"invalid container id"*"at most 255 bytes"*"file name too long"* ]]
	# the echoed id is cut, the reason is not
	[ "${#output}" -lt 300 ]
	[ -z "$(ls -A "$ROOT" 2>/dev/null)" ]
	[ -z "$(find /sys/fs/cgroup -maxdepth 5 -type d -name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa*')" ]
	run rm_ delete --force "$long"
	[ "$status" -ne 0 ]
	run rm_ create --bundle "$BUNDLE" ".hidden"
	[ "$status" -ne 0 ]
	[[ "$output" == *"must not start with '.'"* ]]
	[ ! -e "$ROOT/.hidden" ]
}

@test "ids: 255 bytes is a usable id; state, list and delete --force reach it" {
	local id; id=$(printf 'b%.0s' $(seq 255))
	rm_ create --bundle "$BUNDLE" "$id" </dev/null
	[ "$(rm_ state "$id" | jq -r .status)" = created ]
	[ "$(rm_ list -q)" = "$id" ]
	force_clean "$id"
}

@test "create killed by SIGKILL while its hook runs: delete --force removes everything" {
	# The prestart hook runs in runc-mini's create after the cgroups and
	# the init exist: the hook kills its parent there, deterministically.
	printf '#!/bin/sh\nkill -9 $PPID\nsleep 1\n' >"$BATS_TEST_TMPDIR/killer"
	chmod +x "$BATS_TEST_TMPDIR/killer"
	cfg --arg h "$BATS_TEST_TMPDIR/killer" '.hooks = {"prestart": [{"path": $h}]}'
	run rm_ create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 137 ]
	[ -d "$ROOT/$RM_ID" ]
	# the entry is listed, not hidden, as an interrupted create
	run rm_ list
	[ "$status" -eq 0 ]
	[[ "$output" == *"$RM_ID"*unknown* ]]
	[[ "$output" == *"warning: container $RM_ID: its create was interrupted"* ]]
	force_clean "$RM_ID"
	# and the id can be used again
	cfg 'del(.hooks)'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null
	force_clean "$RM_ID"
}

# Kill `runc-mini ARGS...` after $1 seconds (0: at once) with SIGKILL.
kill_after() {
	local d=$1; shift
	# a simple command, so $! is runc-mini itself (not a subshell)
	"$RUNC_MINI" --root "$ROOT" "$@" </dev/null >/dev/null 2>&1 &
	local pid=$!
	[ "$d" = 0 ] || sleep "$d"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

DELAYS="0 0.002 0.005 0.01 0.02 0.03 0.05 0.08 0.12 0.2"

@test "SIGKILL at many points of create and run: delete --force returns 0 and leaves nothing" {
	local d cmd
	for cmd in create run; do
		for d in $DELAYS; do
			kill_after "$d" "$cmd" --bundle "$BUNDLE" "$RM_ID"
			force_clean "$RM_ID" || { echo "after $cmd killed at ${d}s" >&2; return 1; }
		done
	done
}

@test "SIGKILL at many points of start, exec and delete: delete --force returns 0 and leaves nothing" {
	local d
	for d in $DELAYS; do
		rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null
		kill_after "$d" start "$RM_ID"
		force_clean "$RM_ID" || { echo "after start killed at ${d}s" >&2; return 1; }

		rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null
		kill_after "$d" exec "$RM_ID" /probe sleep 600
		force_clean "$RM_ID" || { echo "after exec killed at ${d}s" >&2; return 1; }

		rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null
		kill_after "$d" delete --force "$RM_ID"
		force_clean "$RM_ID" || { echo "after delete killed at ${d}s" >&2; return 1; }
	done
}

@test "a lost state.json (the directory alone): list says unknown, delete --force cleans up" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null
	rm "$ROOT/$RM_ID/state.json"
	run rm_ state "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"missing or corrupt state"* ]]
	run rm_ list --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: container $RM_ID"* ]]
	[ "$(printf '%s\n' "$output" | grep '^\[' | jq -r '.[0].status')" = unknown ]
	# the init is found through the cgroup derived from the id and the saved config
	force_clean "$RM_ID"
}

corrupt_and_clean() {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null
	"$@" "$ROOT/$RM_ID/state.json"
	run rm_ state "$RM_ID"
	[ "$status" -ne 0 ]
	run rm_ list
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: container $RM_ID"* ]]
	[[ "$output" == *"$RM_ID"*unknown* ]]
	run rm_ delete "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"delete --force"* ]]
	force_clean "$RM_ID"
}

truncate_half() { truncate -s $(($(stat -c %s "$1") / 2)) "$1"; }
randomize() { head -c 3000 /dev/urandom >"$1"; }
wrong_types() { jq -c '.pid = "x" | .bundle = 7' "$1" >"$1.new" && mv "$1.new" "$1"; }
bad_cgroup() { jq -c '.cgroup.backend = "v9" | .cgroup.dirs = 3' "$1" >"$1.new" && mv "$1.new" "$1"; }
empty_file() { : >"$1"; }

@test "a truncated state.json: delete --force still kills and cleans up" { corrupt_and_clean truncate_half; }
@test "a random state.json: delete --force still kills and cleans up" { corrupt_and_clean randomize; }
@test "a state.json of the wrong types: delete --force still kills and cleans up" { corrupt_and_clean wrong_types; }
@test "a state.json with a damaged cgroup record: delete --force still kills and cleans up" { corrupt_and_clean bad_cgroup; }
@test "an empty state.json: delete --force still kills and cleans up" { corrupt_and_clean empty_file; }

@test "a recorded cgroup directory outside any cgroup filesystem is not trusted" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null
	mkdir -p "$BATS_TEST_TMPDIR/victim/sub"
	local f=$ROOT/$RM_ID/state.json
	jq -c --arg v "$BATS_TEST_TMPDIR/victim/sub" '.cgroup.dirs[0].path = $v | .cgroup.dirs[0].created = 2' "$f" >"$f.new"
	mv "$f.new" "$f"
	run rm_ state "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"not a cgroup directory"* ]]
	force_clean "$RM_ID"
	[ -d "$BATS_TEST_TMPDIR/victim/sub" ]
}

@test "a pid in a broken record is believed only with its start time" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null
	# a host process the record now names, with a wrong start time
	sleep 600 &
	local victim=$!
	local f=$ROOT/$RM_ID/state.json
	printf '{"pid":%d,"pid_start":1,"bundle":' "$victim" >"$f"   # truncated
	force_clean "$RM_ID"
	kill -0 "$victim"
	kill "$victim"
}

@test "the record names the init and its cgroups before the runtime hooks run" {
	# a createRuntime hook sees the state directory as a crash would leave it
	printf '#!/bin/sh\ncp %s/%s/state.json %s/seen.json\n' "$ROOT" "$RM_ID" "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/peek"
	chmod +x "$BATS_TEST_TMPDIR/peek"
	cfg --arg h "$BATS_TEST_TMPDIR/peek" '.hooks = {"createRuntime": [{"path": $h}]}'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null
	local seen=$BATS_TEST_TMPDIR/seen.json
	[ "$(jq -r .id "$seen")" = "$RM_ID" ]
	[ "$(jq -r .pid "$seen")" = "$(rm_ state "$RM_ID" | jq -r .pid)" ]
	[ "$(jq -r '.cgroup.dirs | length' "$seen")" -gt 0 ]
	[ ! -e "$ROOT/$RM_ID/cgroup.bin" ]
	force_clean "$RM_ID"
}

@test "list does not wait for a create in progress" {
	# The hook holds the create (and its lock) until list has answered.
	local T=$BATS_TEST_TMPDIR
	printf '#!/bin/sh\ni=0\nwhile [ ! -e %s/go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\ntouch %s/hook-done\n' \
		"$T" "$T" >"$T/slow"
	chmod +x "$T/slow"
	cfg --arg h "$T/slow" '.hooks = {"prestart": [{"path": $h}]}'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1 &
	local pid=$! i
	for i in $(seq 400); do [ -e "$ROOT/$RM_ID/exec.fifo" ] && break; sleep 0.02; done
	run rm_ list
	[ ! -e "$T/hook-done" ]       # answered while the create still held the lock
	touch "$T/go"
	wait "$pid"
	[ "$status" -eq 0 ]
	[[ "$output" == *"$RM_ID"*creating* ]]
	[[ "$output" != *warning* ]]
	[ "$(rm_ state "$RM_ID" | jq -r .status)" = created ]
	force_clean "$RM_ID"
}

@test "the bundle form run as '.' derives an id from the directory's name" {
	cfg '.process.args = ["/bin/true"]'
	run bash -c "cd '$BUNDLE' && '$RUNC_MINI' --root '$ROOT' ."
	[ "$status" -eq 0 ]
	[ -z "$(ls -A "$ROOT")" ]
}
