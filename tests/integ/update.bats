#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# update and events on a running container.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=up-$$-$BATS_TEST_NUMBER
	cfg '.process.args = ["/probe", "sleep", "60"] | .linux.resources = {"pids": {"limit": 50}, "memory": {"limit": 268435456}}'
	run_detached
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

# The value of a cgroup file of the container, as the init sees it.
cgval() {   # cgval CONTROLLER FILE
	local path; path=$(grep ":$1:" /proc/$INIT/cgroup | cut -d: -f3)
	cat "/sys/fs/cgroup/$1$path/$2"
}

@test "update --memory and --pids-limit change the live limits" {
	run rm_ update --memory 32m --pids-limit 20 "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(cgval memory memory.limit_in_bytes)" = 33554432 ]
	[ "$(cgval pids pids.max)" = 20 ]
	# and the container feels it: 20 tasks at most
	run rm_ exec "$RM_ID" /probe forks 40
	[ "$(val forked)" -lt 20 ]
	[ "$(val fork_errno)" = EAGAIN ]
}

@test "update --resources - reads docker's JSON from stdin; zeros leave values alone" {
	echo '{"memory":{"limit":67108864,"reservation":0,"swap":134217728,"kernel":0},"cpu":{"shares":0,"quota":0,"period":0},"blockIO":{"weight":0}}' |
		rm_ update --resources - "$RM_ID"
	[ "$(cgval memory memory.limit_in_bytes)" = 67108864 ]
	[ "$(cgval pids pids.max)" = 50 ]
}

@test "update --resources FILE (podman's form)" {
	echo '{"memory":{"limit":50331648,"swap":67108864}}' >"$BATS_TEST_TMPDIR/r.json"
	run rm_ update --resources="$BATS_TEST_TMPDIR/r.json" "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(cgval memory memory.limit_in_bytes)" = 50331648 ]
}

@test "update with bad input names it" {
	run rm_ update --memory lots "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *'--memory: invalid size "lots"'* ]]
	echo '{"memory":{"limit":"x"}}' >"$BATS_TEST_TMPDIR/r.json"
	run rm_ update --resources "$BATS_TEST_TMPDIR/r.json" "$RM_ID"
	[[ "$output" == *"resources.memory.limit: expected an integer"* ]]
}

@test "update of a missing container" {
	run rm_ update --memory 32m nosuch
	[ "$status" -ne 0 ]
	[[ "$output" == *"container does not exist"* ]]
}

@test "events --stats prints runc's stats object" {
	run rm_ events --stats "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(jq -r .type <<<"$output")" = stats ]
	[ "$(jq -r .id <<<"$output")" = "$RM_ID" ]
	[ "$(jq -r .data.pids.current <<<"$output")" -ge 1 ]
	[ "$(jq -r .data.pids.limit <<<"$output")" = 50 ]
	[ "$(jq -r .data.memory.usage.limit <<<"$output")" = 268435456 ]
	[ "$(jq -r .data.memory.usage.usage <<<"$output")" -gt 0 ]
}

@test "events streams until the container stops" {
	rm_ events --interval 200ms "$RM_ID" >"$BATS_TEST_TMPDIR/ev" &
	local ev=$!
	sleep 0.7
	rm_ kill "$RM_ID" KILL
	for _ in $(seq 100); do kill -0 "$ev" 2>/dev/null || break; sleep 0.05; done
	! kill -0 "$ev" 2>/dev/null
	[ "$(grep -c '"type":"stats"' "$BATS_TEST_TMPDIR/ev")" -ge 2 ]
}

@test "an OOM kill shows in state (oomKills) and as an oom event" {
	rm_ delete --force "$RM_ID"
	cfg '.linux.resources = {"memory": {"limit": 33554432, "swap": 33554432}}
	     | .process.args = ["/bin/sh", "-c", "sleep 0.5; dd if=/dev/zero of=/dev/shm/fill bs=1M count=60; sleep 2"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	"$RUNC_MINI" --root "$ROOT" events --interval 100ms "$RM_ID" >"$BATS_TEST_TMPDIR/ev" 2>/dev/null &
	local ev=$!
	for _ in $(seq 100); do [ "$(rm_ state "$RM_ID" | jq -r '.oomKills // 0')" -ge 1 ] && break; sleep 0.1; done
	[ "$(rm_ state "$RM_ID" | jq -r '.oomKills // 0')" -ge 1 ]
	for _ in $(seq 50); do grep -q '"type":"oom"' "$BATS_TEST_TMPDIR/ev" && break; sleep 0.1; done
	kill "$ev" 2>/dev/null || true
	wait "$ev" || true
	grep -q "{\"type\":\"oom\",\"id\":\"$RM_ID\"}" "$BATS_TEST_TMPDIR/ev"
}

@test "no oomKills field without an OOM kill" {
	run rm_ state "$RM_ID"
	[ "$(jq -r 'has("oomKills")' <<<"$output")" = false ]
}

# The container's state keeps what update applied: its saved config.
@test "update saves the new resources in the container's state" {
	local saved=$ROOT/$RM_ID/config.json
	run rm_ update --memory 64m --cpu-share 512 "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(jq .linux.resources.memory.limit "$saved")" = 67108864 ]
	[ "$(jq .linux.resources.cpu.shares "$saved")" = 512 ]
	[ "$(jq .linux.resources.pids.limit "$saved")" = 50 ]      # untouched, kept
	# docker's zeros leave saved values alone, as they leave the live ones
	echo '{"memory":{"limit":0,"reservation":33554432},"cpu":{"shares":0},"pids":{"limit":30}}' |
		rm_ update --resources - "$RM_ID"
	[ "$(jq .linux.resources.memory.limit "$saved")" = 67108864 ]
	[ "$(jq .linux.resources.memory.reservation "$saved")" = 33554432 ]
	[ "$(jq .linux.resources.cpu.shares "$saved")" = 512 ]
	[ "$(jq .linux.resources.pids.limit "$saved")" = 30 ]
	[ "$(cgval pids pids.max)" = 30 ]
	# the rest of the config is as it was
	[ "$(jq -c .process.args "$saved")" = '["/probe","sleep","60"]' ]
	run rm_ state "$RM_ID"
	[ "$status" -eq 0 ]
}

@test "update saves resources into a config that had none" {
	rm_ delete --force "$RM_ID"
	cfg 'del(.linux.resources)'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ update --pids-limit 25 "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(jq .linux.resources.pids.limit "$ROOT/$RM_ID/config.json")" = 25 ]
	[ "$(jq -r '.linux.namespaces[0].type' "$ROOT/$RM_ID/config.json")" != null ]
}
