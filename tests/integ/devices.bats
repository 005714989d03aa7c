#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# /dev inside the container: default nodes, symlinks, linux.devices.

load helpers

setup() { make_bundle; }
teardown() { assert_host_clean; }

@test "the default devices exist with their numbers and mode 0666" {
	cfg '.process.args = ["/probe", "ls", "/dev"]'
	run_bundle
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'null c 0666 1:3'
	printf '%s\n' "$output" | grep -qx 'zero c 0666 1:5'
	printf '%s\n' "$output" | grep -qx 'full c 0666 1:7'
	printf '%s\n' "$output" | grep -qx 'random c 0666 1:8'
	printf '%s\n' "$output" | grep -qx 'urandom c 0666 1:9'
	printf '%s\n' "$output" | grep -qx 'tty c 0666 5:0'
}

@test "the /dev symlinks point where runc points them" {
	cfg '.process.args = ["/probe", "ls", "/dev"]'
	run_bundle
	printf '%s\n' "$output" | grep -qx 'fd l -> /proc/self/fd'
	printf '%s\n' "$output" | grep -qx 'stdin l -> /proc/self/fd/0'
	printf '%s\n' "$output" | grep -qx 'stdout l -> /proc/self/fd/1'
	printf '%s\n' "$output" | grep -qx 'stderr l -> /proc/self/fd/2'
	printf '%s\n' "$output" | grep -qx 'ptmx l -> pts/ptmx'
}

@test "the default devices work" {
	cfg '.process.args = ["/bin/sh", "-c", "echo x >/dev/null && head -c 4 /dev/zero | wc -c && head -c 8 /dev/urandom | wc -c"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 4 ]
	[ "${lines[1]}" = 8 ]
}

@test "linux.devices are made with type, numbers, mode, uid and gid" {
	cfg '.linux.devices = [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 432, "uid": 1000, "gid": 100},
	                       {"path": "/dev/sub/loopx", "type": "b", "major": 7, "minor": 200}]
	     | .process.args = ["/bin/sh", "-c", "/probe stat /dev/fuse; /probe stat /dev/sub/loopx"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = type=c ]
	[ "${lines[2]}" = mode=0660 ]
	[ "${lines[3]}" = uid=1000 ]
	[ "${lines[4]}" = gid=100 ]
	[ "${lines[5]}" = rdev=10:229 ]
	printf '%s\n' "$output" | grep -qx 'type=b'
	printf '%s\n' "$output" | grep -qx 'rdev=7:200'
}

@test "a host device not made by the config is not there" {
	cfg '.process.args = ["/probe", "stat", "/dev/sda"]'
	run_bundle
	[ "$(val exists)" = 0 ]
}

@test "a fifo device, a default device overridden by linux.devices, and the /dev layout" {
	cfg '.linux.devices = [{"path": "/dev/myfifo", "type": "p", "fileMode": 384},
	                       {"path": "/dev/null", "type": "c", "major": 1, "minor": 3, "fileMode": 438, "uid": 5}]
	     | .process.args = ["/bin/sh", "-c", "/probe stat /dev/myfifo | grep -e type -e mode; /probe stat /dev/null | grep uid; /probe ls /dev/pts | grep ptmx; /probe open /dev/ptmx; /probe stat /dev/shm | grep type; ls /dev/fd/ | grep -c ."]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = type=p ]
	[ "${lines[1]}" = mode=0600 ]
	[ "${lines[2]}" = uid=5 ]
	[[ "${lines[3]}" == "ptmx c "*" 5:2" ]]
	[ "${lines[4]}" = open=ok ]          # /dev/ptmx -> pts/ptmx works
	[ "${lines[5]}" = type=d ]
	[ "${lines[6]}" -ge 3 ]              # /dev/fd is this process's fds
}

@test "a device path with .. or a symlink in the rootfs stays inside /dev of the rootfs" {
	mkdir -p "$BATS_TEST_TMPDIR/hostdev"
	cfg '.root.readonly = false | .linux.devices = [{"path": "/dev/../escape-null", "type": "c", "major": 1, "minor": 3}]
	     | .process.args = ["/probe", "stat", "/escape-null"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val type)" = c ]
	[ ! -e "$BUNDLE/escape-null" ]
	[ ! -e "$BATS_TEST_TMPDIR/escape-null" ]
}

@test "a bad device is a clear error naming its entry" {
	cfg '.linux.devices = [{"path": "/dev/x", "type": "q", "major": 1, "minor": 3}]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.devices[0].type"* ]]
	cfg '.linux.devices = [{"path": "/dev/x", "type": "c"}]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.devices[0]"*"major"* ]]
}

@test "a linux.devices path with a trailing slash is cleaned" {
	cfg '.linux.devices = [{"path": "/dev/fuse/", "type": "c", "major": 10, "minor": 229, "fileMode": 438}]
	     | .process.args = ["/probe", "ls", "/dev"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'fuse c 0666 10:229'
}

@test "/dev/ptmx is the symlink to pts/ptmx even when the config lists a ptmx node or the image has one" {
	cfg '.linux.devices = [{"path": "/dev/ptmx", "type": "c", "major": 5, "minor": 2, "fileMode": 438}]
	     | .process.args = ["/probe", "ls", "/dev"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'ptmx l -> pts/ptmx'
	# No /dev mount: the image's own /dev, which has a ptmx node.
	mkdir -p "$BUNDLE/rootfs/dev"
	mknod -m 666 "$BUNDLE/rootfs/dev/ptmx" c 5 2
	cfg '.linux.devices = [] | .mounts |= map(select(.destination != "/dev"))'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'ptmx l -> pts/ptmx'
}
