#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# Mounts, the read-only root, masked and read-only paths, and the rootfs
# boundary: checked from inside with the probe.

load helpers

setup() { make_bundle; }
teardown() { assert_host_clean; }

mountinfo_line() {   # the probe's mountinfo line for a mount point
	printf '%s\n' "$output" | awk -v m="$1" '$5 == m'
}

@test "the config's mounts are there with their options" {
	cfg '.process.args = ["/probe", "mounts"]'
	run_bundle
	[ "$status" -eq 0 ]
	[[ "$(mountinfo_line /proc)" == *" - proc "* ]]
	[[ "$(mountinfo_line /dev)" == *" - tmpfs "*"mode=755"* ]]
	[[ "$(mountinfo_line /dev/pts)" == *" - devpts "*"ptmxmode=666"* ]]
	[[ "$(mountinfo_line /dev/shm)" == *"nosuid,nodev,noexec"*" - tmpfs "* ]]
	[[ "$(mountinfo_line /dev/mqueue)" == *" - mqueue "* ]]
	[[ "$(mountinfo_line /sys)" == *" ro,"*" - sysfs "* ]]
}

@test "root.readonly makes / read-only, and false leaves it writable" {
	cfg '.process.args = ["/probe", "write", "/newfile", "x"]'
	run_bundle
	[ "$output" = write=EROFS ]
	cfg '.root.readonly = false'
	run_bundle
	[ "$output" = write=ok ]
	[ -f "$BUNDLE/rootfs/newfile" ]
}

@test "a bind mount with ro is read-only inside and the source stays writable" {
	mkdir -p "$BATS_TEST_TMPDIR/src"
	echo hi >"$BATS_TEST_TMPDIR/src/f"
	cfg --arg s "$BATS_TEST_TMPDIR/src" '.mounts += [{"destination": "/data", "type": "bind", "source": $s, "options": ["rbind", "ro"]}]
	     | .process.args = ["/probe", "write", "/data/f", "new"]'
	run_bundle
	[ "$output" = write=EROFS ]
	[ "$(cat "$BATS_TEST_TMPDIR/src/f")" = hi ]
	cfg '.process.args = ["/probe", "cat", "/data/f"]'
	run_bundle
	[ "$output" = hi ]
}

@test "a bind mount relative to the bundle, onto a file that is created" {
	echo content >"$BUNDLE/hostfile"
	cfg '.mounts += [{"destination": "/etc/injected", "type": "bind", "source": "hostfile", "options": ["bind"]}]
	     | .root.readonly = false | .process.args = ["/probe", "cat", "/etc/injected"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$output" = content ]
}

@test "a tmpfs with size and mode, nosuid and noexec" {
	cfg '.mounts += [{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "noexec", "mode=700", "size=1m"]}]
	     | .process.args = ["/probe", "mounts"]'
	run_bundle
	local l; l=$(mountinfo_line /scratch)
	[[ "$l" == *"nosuid"*"noexec"*" - tmpfs "*"size=1024k"*"mode=700"* ]]
}

@test "missing mount destinations are created inside the rootfs" {
	cfg '.root.readonly = false | .mounts += [{"destination": "/a/b/c", "type": "tmpfs", "source": "tmpfs"}]
	     | .process.args = ["/probe", "stat", "/a/b/c"]'
	run_bundle
	[ "$(val type)" = d ]
	[ -d "$BUNDLE/rootfs/a/b/c" ]
}

@test "an absolute symlink in the rootfs cannot send a mount to the host (CVE-2021-30465)" {
	mkdir -p "$BATS_TEST_TMPDIR/hostdir"
	ln -s "$BATS_TEST_TMPDIR/hostdir" "$BUNDLE/rootfs/evil"
	cfg '.root.readonly = false | .mounts += [{"destination": "/evil/sub", "type": "tmpfs", "source": "tmpfs"}]
	     | .process.args = ["/probe", "mounts"]'
	run_bundle
	[ "$status" -eq 0 ]
	# The link resolved inside the rootfs: the host dir got nothing.
	[ ! -e "$BATS_TEST_TMPDIR/hostdir/sub" ]
	[ -d "$BUNDLE/rootfs/$BATS_TEST_TMPDIR/hostdir/sub" ]
	[ -n "$(mountinfo_line "$BATS_TEST_TMPDIR/hostdir/sub")" ]
}

@test "a relative symlink with .. cannot climb out of the rootfs" {
	mkdir -p "$BATS_TEST_TMPDIR/outside"
	ln -s ../../../../../../../../../.."$BATS_TEST_TMPDIR/outside" "$BUNDLE/rootfs/up"
	cfg '.root.readonly = false | .mounts += [{"destination": "/up/x", "type": "tmpfs", "source": "tmpfs"}]'
	run_bundle
	[ "$status" -eq 0 ]
	[ ! -e "$BATS_TEST_TMPDIR/outside/x" ]
}

@test "a bind destination through a symlink to a host file stays inside" {
	echo secret >"$BATS_TEST_TMPDIR/hostfile"
	echo data >"$BUNDLE/src"
	ln -s "$BATS_TEST_TMPDIR/hostfile" "$BUNDLE/rootfs/target"
	cfg '.root.readonly = false | .mounts += [{"destination": "/target", "type": "bind", "source": "src", "options": ["bind"]}]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(cat "$BATS_TEST_TMPDIR/hostfile")" = secret ]
}

@test "maskedPaths hide files and directories" {
	cfg '.process.args = ["/bin/sh", "-c", "cat /proc/keys | wc -c; ls /sys/firmware | wc -l"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
}

@test "readonlyPaths are read-only" {
	cfg '.process.args = ["/probe", "write", "/proc/sys/kernel/hostname", "x"]'
	run_bundle
	[ "$output" = write=EROFS ]
}

@test "a masked or read-only path that does not exist is skipped" {
	cfg '.linux.maskedPaths += ["/nonexistent"] | .linux.readonlyPaths += ["/nope"]'
	run_bundle
	[ "$status" -eq 0 ]
}

@test "propagation options are applied" {
	cfg '.root.readonly = false | .mounts += [{"destination": "/shared", "type": "tmpfs", "source": "tmpfs", "options": ["rshared"]}]
	     | .process.args = ["/probe", "mounts"]'
	run_bundle
	[[ "$(mountinfo_line /shared)" == *" shared:"*" - tmpfs "* ]]
}

@test "the host's mounts are not changed by a container's mounts" {
	local before; before=$(wc -l </proc/self/mountinfo)
	cfg '.mounts += [{"destination": "/x", "type": "tmpfs", "source": "tmpfs"}]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(wc -l </proc/self/mountinfo)" -eq "$before" ]
}

@test "a cgroup mount shows this container's own cgroups read-only" {
	cfg '.process.args = ["/probe", "mounts"]'
	run_bundle
	[ "$status" -eq 0 ]
	if grep -q ' - cgroup ' /proc/self/mountinfo; then
		[[ "$(mountinfo_line /sys/fs/cgroup)" == *" ro,"*" - tmpfs "* ]]
		[[ "$(mountinfo_line /sys/fs/cgroup/memory)" == *" ro,"*" - cgroup "* ]]
	else
		[[ "$(mountinfo_line /sys/fs/cgroup)" == *" - cgroup2 "* ]]
	fi
}
