#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# Each container process leads its own session (setsid), owns its
# terminal, and has the container's session keyring "_ses.<id>" (runc),
# checked from inside with `/probe session`.

load helpers
load userns

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=ses-$$-$BATS_TEST_NUMBER
	cfg '.process.args = ["/probe", "session"]'
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

# Output read through `script`: no CRs, and no "^@", the echo of the NUL
# that script may type into the terminal when its own stdin ends.
clean_tty() {
	printf '%s' "$1" | tr -d '\r' | sed 's/^\^@//'
}

# Start a container that sleeps, for exec.
start_sleeper() {
	cfg '.process.args = ["/probe", "sleep", "60"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
}

@test "the init leads its own session and process group, as with runc" {
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val pgrp)" = 1 ]
	[ "$(val sid)" = 1 ]
	command -v runc >/dev/null || skip "runc not installed"
	local theirs
	theirs=$(runc --root "$BATS_TEST_TMPDIR/runc" run --bundle "$BUNDLE" "$RM_ID-runc" </dev/null 2>&1)
	[ "$(printf '%s\n' "$theirs" | sed -n 's/^sid=//p')" = 1 ]
	[ "$(printf '%s\n' "$theirs" | sed -n 's/^pgrp=//p')" = 1 ]
}

@test "an exec'd process leads its own session, with and without a terminal" {
	start_sleeper
	run rm_ exec "$RM_ID" /probe session
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val sid)" = "$(val pid)" ]
	[ "$(val pgrp)" = "$(val pid)" ]
	run script -qec "$RUNC_MINI --root $ROOT exec -t $RM_ID /probe session" /dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	output=$(clean_tty "$output")
	[ "$(val sid)" = "$(val pid)" ]
}

@test "exec -t --user U: the terminal belongs to U" {
	start_sleeper
	run script -qec "$RUNC_MINI --root $ROOT exec -t --user 1000:1000 $RM_ID /probe session" /dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	output=$(clean_tty "$output")
	[ "$(val tty_uid)" = 1000 ]
}

@test "a terminal of the init with process.user belongs to that user" {
	cfg '.process.terminal = true | .process.user = {"uid": 1000, "gid": 1000}'
	run script -qec "$RUNC_MINI --root $ROOT run --bundle $BUNDLE $RM_ID" /dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	output=$(clean_tty "$output")
	[ "$(val tty_uid)" = 1000 ]
	[ "$(val sid)" = 1 ]
}

@test "a session keyring _ses.<id> of the container's, joined by exec too" {
	start_sleeper
	run rm_ exec "$RM_ID" /probe session
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val keyring)" = "_ses.$RM_ID" ]
	# the init's keyring, not a second one of the same name
	[ "$(grep -c " _ses.$RM_ID: " /proc/keys)" -eq 1 ]
}

@test "run: the init's session keyring is _ses.<id>, not the caller's" {
	local host; host=$("$BUILD/probe" session | sed -n 's/^keyring=//p')
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val keyring)" = "_ses.$RM_ID" ]
	[ "$(val keyring)" != "$host" ]
}

@test "--no-new-keyring keeps the caller's session keyring, for exec too" {
	local host; host=$("$BUILD/probe" session | sed -n 's/^keyring=//p')
	run rm_ run --no-new-keyring --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(val keyring)" = "$host" ]
	cfg '.process.args = ["/probe", "sleep", "60"]'
	rm_ create --no-new-keyring --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	rm_ start "$RM_ID"
	run rm_ exec "$RM_ID" /probe session
	[ "$status" -eq 0 ]
	[ "$(val keyring)" = "$host" ]
}

@test "in a user namespace: the keyring _ses.<id>, found by an exec'd process too" {
	userns_bundle
	cfg '.process.args = ["/bin/sh", "-c", "/probe session >/dev/shm/init.tmp; mv /dev/shm/init.tmp /dev/shm/init; exec /probe sleep 60"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	local i init=
	for i in $(seq 100); do
		init=$(rm_ exec "$RM_ID" /probe cat /dev/shm/init 2>/dev/null) && break
		sleep 0.05
	done
	echo "init: $init"
	run rm_ exec "$RM_ID" /probe session
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val keyring)" = "_ses.$RM_ID" ]
	# the init's keyring itself, not a new one of the same name
	[ "$(val keyring_id)" = "$(printf '%s\n' "$init" | sed -n 's/^keyring_id=//p')" ]
	[ "$(printf '%s\n' "$init" | sed -n 's/^keyring=//p')" = "_ses.$RM_ID" ]
}
