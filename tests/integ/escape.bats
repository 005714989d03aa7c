#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# Ways out of the container's root for its root user (tests/probe escape):
# the chroot walk, setns into its own mount namespace, and unmounting,
# moving or pivoting its root to uncover what lies beneath.  The marker is
# a host path that does not exist inside the container.

load helpers
load userns

setup() {
	make_bundle
	MARK=$BUNDLE/config.json
	cfg --arg m "$MARK" '.process.args = ["/probe", "escape", $m] |
		.mounts += [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs"}] |
		.process.capabilities |= with_entries(.value += ["CAP_SYS_CHROOT"])'
}
teardown() {
	assert_host_clean
}

@test "pivot_root: root with CAP_SYS_CHROOT stays inside" {
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val chroot_walk)" = contained ]
	[ "$(val escaped)" = 0 ]
}

@test "--no-pivot: the chroot walk stays inside (MS_MOVE covers the host's /)" {
	run "$RUNC_MINI" run --no-pivot --bundle "$BUNDLE" esc-$$
	[ "$status" -eq 0 ]
	[ "$(val chroot_walk)" = contained ]
	[ "$(val escaped)" = 0 ]
}

@test "a user namespace's root (CAP_SYS_ADMIN there) cannot uncover the host below its root" {
	userns_bundle
	cfg '.process.capabilities |= with_entries(.value += ["CAP_SYS_ADMIN"])'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val setns_root)" = contained ]
	[ "$(val escaped)" = 0 ]
}

@test "--no-pivot with a user namespace is refused (umount + setns would reach the host's /)" {
	userns_bundle
	cfg '.process.capabilities |= with_entries(.value += ["CAP_SYS_ADMIN"])'
	run "$RUNC_MINI" --root "$BATS_TEST_TMPDIR/state" run --no-pivot --bundle "$BUNDLE" esc-$$
	[ "$status" -ne 0 ]
	[[ "$output" == *"--no-pivot cannot be used with a user namespace"* ]]
	[[ "$output" != *escaped* ]]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/state" 2>/dev/null)" ]
}
