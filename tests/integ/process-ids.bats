#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# User and group ids: only 0..2147483647, as runc.  (uid_t)-1 means "leave
# unchanged" to setresuid/setresgid, so an id of 4294967295 (or one that
# wraps to it, or to 0) used to run the process as root.  Each case is
# refused with a clear error before anything runs; the probe would print
# uid=0 if it ran.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=ids-$$-$BATS_TEST_NUMBER
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

# The run was refused with $1 in its one error line, and nothing ran.
assert_refused() {
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"$1"* ]]
	[ -z "$(val uid)" ]
}

@test "config.json: uid, gid and additionalGids above 2147483647 are refused" {
	cfg '.process.user = {"uid": 4294967295, "gid": 4294967295}'
	run_bundle
	assert_refused "process.user.uid: 4294967295 is out of range (0 to 2147483647)"
	cfg '.process.user = {"uid": 1000, "gid": 2147483648}'
	run_bundle
	assert_refused "process.user.gid: 2147483648 is out of range (0 to 2147483647)"
	cfg '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [10, 4294967295]}'
	run_bundle
	assert_refused "process.user.additionalGids: 4294967295 is out of range (0 to 2147483647)"
	# the largest id is taken
	cfg '.process.user = {"uid": 2147483647, "gid": 2147483647, "additionalGids": [2147483647]}'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 2147483647 ]
	[ "$(val gid)" = 2147483647 ]
	[ "$(val groups)" = 2147483647 ]
}

@test "exec --user: out-of-range, overflowing and negative ids are refused" {
	cfg '.process.args = ["/probe", "sleep", "60"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ exec --user 4294967295:4294967295 "$RM_ID" /probe all
	assert_refused "--user: uid 4294967295 is out of range (0 to 2147483647)"
	run rm_ exec --user 99999999999999999999 "$RM_ID" /probe all
	assert_refused "--user: uid 99999999999999999999 is out of range (0 to 2147483647)"
	run rm_ exec --user 1000:4294967296 "$RM_ID" /probe all
	assert_refused "--user: gid 4294967296 is out of range (0 to 2147483647)"
	run rm_ exec --user -1 "$RM_ID" /probe all
	assert_refused '--user: expected uid[:gid], got "-1"'
	run rm_ exec --user 1000:+5 "$RM_ID" /probe all
	assert_refused '--user: expected uid[:gid], got "1000:+5"'
	run rm_ exec --user 2147483647:1 "$RM_ID" /probe all
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 2147483647 ]
	[ "$(val gid)" = 1 ]
}

@test "legacy container.json: a numeric user above 2147483647, or a passwd id that wraps, is refused" {
	BUNDLE=$BATS_TEST_TMPDIR/legacy
	cp -a "$ROOTFS_CACHE" "$BUNDLE"
	jq '.processes[0].args = ["/probe", "all"] | .processes[0].user = 4294967295' \
		"$TOP/config/legacy-container.json" >"$BUNDLE/container.json"
	run "$RUNC_MINI" "$BUNDLE"
	assert_refused "processes[0].user: 4294967295 is out of range (0 to 2147483647)"
	# 4294967296 wrapped to 0 (root) through strtoul and a uid_t cast
	echo 'evil:x:4294967296:4294967296::/:/bin/sh' >>"$BUNDLE/etc/passwd"
	jq '.processes[0].args = ["/probe", "all"] | .processes[0].user = "evil"' \
		"$TOP/config/legacy-container.json" >"$BUNDLE/container.json"
	run "$RUNC_MINI" "$BUNDLE"
	assert_refused "user evil: its uid or gid in the container's /etc/passwd is not an id between 0 and 2147483647"
}
