#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# The scenario runc-mini started from: a rootfs, a config next to it, one
# command, and curl gets /json from the app inside, on the host's network.

load helpers

setup() {
	need_root
	ensure_rootfs
	PORT=$(free_port)
}
teardown() {
	[ -z "${RM_PID:-}" ] || kill -KILL "$RM_PID" 2>/dev/null || true
	assert_host_clean
}

@test "config.json: curl localhost:PORT/json reaches the app in the container" {
	BUNDLE=$BATS_TEST_TMPDIR/app
	mkdir -p "$BUNDLE"
	cp -a "$ROOTFS_CACHE" "$BUNDLE/rootfs"
	jq --arg p "PORT=$PORT" '.process.env |= map(if startswith("PORT=") then $p else . end)' \
		"$TOP/config/http-app.json" >"$BUNDLE/config.json"
	start_bg "$BUNDLE"
	wait_http "http://localhost:$PORT/json"
	run curl -sf "http://localhost:$PORT/json"
	[ "$status" -eq 0 ]
	[ "$(jq -r .hostname <<<"$output")" = json-app ]
	[ "$(jq -r .env.GREETING <<<"$output")" = hello ]
	[ "$(jq -r .env.PORT <<<"$output")" = "$PORT" ]
	[ "$(jq -r .pid <<<"$output")" = 1 ]
	[ "$(jq -r .uid <<<"$output")" = 1 ]
	stop_bg
	[ "$RM_STATUS" -eq 0 ]     # json-app exits 0 on the forwarded SIGTERM
	RM_PID=
}

@test "legacy container.json: the bundle directory is the rootfs" {
	BUNDLE=$BATS_TEST_TMPDIR/legacy
	cp -a "$ROOTFS_CACHE" "$BUNDLE"
	jq --arg p "PORT=$PORT" '.processes[0].env |= map(if startswith("PORT=") then $p else . end)' \
		"$TOP/config/legacy-container.json" >"$BUNDLE/container.json"
	start_bg "$BUNDLE"
	wait_http "http://localhost:$PORT/json"
	run curl -sf "http://localhost:$PORT/json"
	[ "$status" -eq 0 ]
	# user "daemon" comes from the rootfs's /etc/passwd
	[ "$(jq -r .uid <<<"$output")" = 1 ]
	[ "$(jq -r .gid <<<"$output")" = 1 ]
	[ "$(jq -r .env.TERM <<<"$output")" = xterm ]
	[ "$(jq -r .pid <<<"$output")" = 1 ]
	stop_bg
	[ "$RM_STATUS" -eq 0 ]
	RM_PID=
}

@test "legacy container.json: read-only root, limited caps, its own devices" {
	BUNDLE=$BATS_TEST_TMPDIR/legacy
	cp -a "$ROOTFS_CACHE" "$BUNDLE"
	jq '.processes[0].args = ["/probe", "all"] | .processes[0].user = "app"' \
		"$TOP/config/legacy-container.json" >"$BUNDLE/container.json"
	run "$RUNC_MINI" "$BUNDLE"
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 1000 ]
	[ "$(val gid)" = 1000 ]
	# app is listed in /etc/group under users (100) and audio (29)
	[ "$(val groups)" = "29,100" ] || [ "$(val groups)" = "100,29" ]
	# AUDIT_WRITE=29 KILL=5 NET_BIND_SERVICE=10 in the bounding set
	[ "$(val capbnd)" = "$(capmask 5 10 29)" ]
	jq '.processes[0].args = ["/probe", "write", "/x", "data"]' \
		"$TOP/config/legacy-container.json" >"$BUNDLE/container.json"
	run "$RUNC_MINI" "$BUNDLE"
	[ "$output" = write=EROFS ]
	jq '.processes[0].args = ["/probe", "stat", "/dev/urandom"]' \
		"$TOP/config/legacy-container.json" >"$BUNDLE/container.json"
	run "$RUNC_MINI" "$BUNDLE"
	[ "$(val rdev)" = 1:9 ]
}

@test "legacy container.json: an unknown user is a clear error" {
	BUNDLE=$BATS_TEST_TMPDIR/legacy
	cp -a "$ROOTFS_CACHE" "$BUNDLE"
	jq '.processes[0].user = "nosuchuser"' "$TOP/config/legacy-container.json" >"$BUNDLE/container.json"
	run "$RUNC_MINI" "$BUNDLE"
	assert_one_line_error
	[[ "$output" == *"unable to find user nosuchuser"* ]]
}
