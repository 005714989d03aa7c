#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# process.user.additionalGids: every group the kernel takes (NGROUPS_MAX,
# 65536) is applied, more are refused; none is dropped silently.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=pg-$$-$BATS_TEST_NUMBER
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

gids() {   # gids N -> additionalGids 1000..1000+N-1
	cfg --argjson n "$1" '.process.args = ["/probe", "all"] | .process.user.additionalGids = [range(1000; 1000 + $n)]'
}

@test "100 additionalGids all reach the process (they were cut to 64)" {
	gids 100
	run "$RUNC_MINI" --root "$ROOT" run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(val groups | tr ',' '\n' | grep -c .)" -eq 100 ]
	[ "$(val groups | tr ',' '\n' | sort -n | tail -1)" = 1099 ]
}

@test "65536 additionalGids (NGROUPS_MAX) all reach the process" {
	gids 65536
	run "$RUNC_MINI" --root "$ROOT" run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(val groups | tr ',' '\n' | grep -c .)" -eq 65536 ]
	[ "$(val groups | tr ',' '\n' | sort -n | tail -1)" = 66535 ]
}

@test "65537 additionalGids are refused before anything is made" {
	gids 65537
	run "$RUNC_MINI" --root "$ROOT" run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	assert_one_line_error
	[[ "$output" == *"process.user.additionalGids: 65537 groups; the kernel takes at most 65536 (NGROUPS_MAX)"* ]]
	[ ! -e "$ROOT/$RM_ID" ]
}
