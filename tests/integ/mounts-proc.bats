#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# What the config may mount on and under /proc (CVE-2019-16884,
# CVE-2019-19921): only procfs on /proc, and under it only binds onto the
# regular files lxcfs-style tools emulate.  A mount over a procfs file
# would put a file of the caller's choosing where the kernel's controls
# live.  The "host" sources are files and directories the test makes in
# its own temporary directory.

load helpers

setup() { make_bundle; }
teardown() { assert_host_clean; }

add_mount() { # DEST TYPE SOURCE OPTION...
	local d=$1 t=$2 s=$3 o
	shift 3
	o=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	cfg --arg d "$d" --arg t "$t" --arg s "$s" --argjson o "$o" '.mounts += [{"destination": $d, "type": $t, "source": $s, "options": $o}]'
}

@test "a host directory bound over /proc/sys is refused" {
	mkdir -p "$BATS_TEST_TMPDIR/fake/kernel"
	echo fake >"$BATS_TEST_TMPDIR/fake/kernel/core_pattern"
	add_mount /proc/sys bind "$BATS_TEST_TMPDIR/fake" rbind
	cfg '.process.args = ["cat", "/proc/sys/kernel/core_pattern"]'
	run_bundle
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"mount destination /proc/sys is inside /proc: not allowed"* ]]
	[[ "$output" != *fake* ]]
}

@test "a bind over /proc/self/attr/exec (the LSM label written at exec) is refused" {
	echo unconfined >"$BATS_TEST_TMPDIR/label"
	add_mount /proc/self/attr/exec bind "$BATS_TEST_TMPDIR/label" bind
	run_bundle
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"/proc/self/attr/exec is inside /proc: not allowed"* ]]
}

@test "anything but procfs on /proc itself is refused" {
	cfg '.mounts |= map(if .destination == "/proc" then {"destination": "/proc", "type": "tmpfs", "source": "tmpfs"} else . end)'
	run_bundle
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"mount destination /proc: only procfs may be mounted there"* ]]
}

@test "a symlink in the image cannot route a mount into /proc" {
	ln -s /proc "$BUNDLE/rootfs/innocent"
	mkdir -p "$BATS_TEST_TMPDIR/fake"
	add_mount /innocent/sys bind "$BATS_TEST_TMPDIR/fake" rbind
	run_bundle
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"/innocent/sys is inside /proc: not allowed"* ]]
}

@test "an lxcfs-style bind onto /proc/uptime is allowed and seen inside" {
	echo "12345.67 890.12" >"$BATS_TEST_TMPDIR/uptime"
	add_mount /proc/uptime bind "$BATS_TEST_TMPDIR/uptime" bind ro
	cfg '.process.args = ["cat", "/proc/uptime"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "12345.67 890.12" ]
}
