#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# linux.namespaces: joining by path (a network namespace made with
# `ip netns add`), the kinds of path that are refused, the combinations the
# kernel forbids, the time namespace with linux.timeOffsets, the cgroup
# namespace; checked from inside with the probe.

load helpers
load userns

setup() {
	make_bundle
	NETNS=rmtest-$$-${BATS_TEST_NUMBER}
}
teardown() {
	ip netns del "$NETNS" 2>/dev/null || true
	if [ -n "${HOLDER:-}" ]; then pkill -P "$HOLDER" 2>/dev/null; kill "$HOLDER" 2>/dev/null; fi; true
	assert_host_clean
}

@test "join a network namespace made with ip netns add" {
	ip netns add "$NETNS"
	local ino; ino=$(stat -L -c 'net:[%i]' "/var/run/netns/$NETNS")
	cfg --arg p "/var/run/netns/$NETNS" '.linux.namespaces |= map(if .type == "network" then .path = $p else . end)
	     | .process.args = ["/bin/sh", "-c", "readlink /proc/self/ns/net; /probe net"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$ino" ]
	# lo is left as the namespace had it (down): joined, not set up.
	[ "${lines[1]}" = "if=lo up=0" ]
	# The namespace outlives the container and is still usable.
	ip -n "$NETNS" link show lo >/dev/null
}

@test "a new network namespace is neither the host's nor a joined one, and has lo up" {
	ip netns add "$NETNS"
	local ino; ino=$(stat -L -c 'net:[%i]' "/var/run/netns/$NETNS")
	cfg '.process.args = ["/bin/sh", "-c", "readlink /proc/self/ns/net; /probe net"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "${lines[0]}" != "$ino" ]
	[ "${lines[0]}" != "$(readlink /proc/self/ns/net)" ]
	[ "${lines[1]}" = "if=lo up=1" ]
}

@test "join uts and ipc namespaces of a running process by /proc path" {
	unshare --uts --ipc sh -c 'hostname joined-uts; exec sleep 60' &
	HOLDER=$!
	for _ in $(seq 100); do [ "$(nsenter -t "$HOLDER" -u hostname 2>/dev/null)" = joined-uts ] && break; sleep 0.05; done
	cfg --arg u "/proc/$HOLDER/ns/uts" --arg i "/proc/$HOLDER/ns/ipc" '
	       .linux.namespaces |= map(if .type == "uts" then .path = $u elif .type == "ipc" then .path = $i else . end)
	     | del(.hostname) | .process.args = ["/bin/sh", "-c", "hostname; readlink /proc/self/ns/ipc"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = joined-uts ]
	[ "${lines[1]}" = "$(readlink /proc/$HOLDER/ns/ipc)" ]
}

@test "a namespace path that does not exist, is a file, or is the wrong type is refused by name" {
	cfg '.linux.namespaces |= map(if .type == "network" then .path = "/nonexistent/ns" else . end)'
	run_bundle
	assert_one_line_error
	[ "$output" = "linux.namespaces: network namespace path /nonexistent/ns: no such file or directory" ]
	echo x >"$BATS_TEST_TMPDIR/plain"
	cfg --arg p "$BATS_TEST_TMPDIR/plain" '.linux.namespaces |= map(if .type == "network" then .path = $p else . end)'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"network namespace path $BATS_TEST_TMPDIR/plain is not a namespace: invalid argument" ]]
	cfg '.linux.namespaces |= map(if .type == "network" then .path = "/proc/self/ns/uts" else . end)'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"network namespace path /proc/self/ns/uts is a uts namespace: invalid argument" ]]
}

@test "combinations that cannot work are refused before anything is made" {
	cfg '.linux.namespaces |= map(select(.type != "uts"))'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"hostname: setting the hostname needs a uts namespace" ]]
	cfg '.hostname = "" | .linux.sysctl = {"net.ipv4.ip_forward": "1"} | .linux.namespaces |= map(select(.type != "network"))'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"net.ipv4.ip_forward"* ]]
	cfg 'del(.linux.sysctl) | .linux.namespaces |= map(select(.type != "mount"))'
	run_bundle
	assert_one_line_error
	[ "$output" = "config.json: linux.maskedPaths: needs a mount namespace (linux.namespaces), as in runc" ]
	cfg '.linux.namespaces += [{"type": "mount"}, {"type": "user", "path": "/proc/1/ns/user"}]
	     | .linux.uidMappings = [{"containerID": 0, "hostID": 1000, "size": 1}]
	     | .linux.gidMappings = [{"containerID": 0, "hostID": 1000, "size": 1}]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.uidMappings: id mappings cannot be set when joining the user namespace /proc/1/ns/user" ]]
	cfg '.linux.namespaces |= map(select(.type != "user")) | .linux.namespaces += [{"type": "user"}] | del(.linux.gidMappings)'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"a new user namespace needs both" ]]
	cfg '.linux.namespaces |= map(select(.type != "user")) | del(.linux.uidMappings)
	     | .linux.timeOffsets = {"monotonic": {"secs": 1}}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.timeOffsets: needs a new time namespace"* ]]
	cfg '.linux.namespaces += [{"type": "pid"}]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"namespace \"pid\" listed twice" ]]
}

@test "a joined pid namespace with a new user namespace cannot mount /proc: said before clone" {
	unshare --pid --fork sleep 60 &
	HOLDER=$!
	local child=""
	for _ in $(seq 50); do child=$(pgrep -P "$HOLDER" sleep) && break; sleep 0.05; done
	userns_bundle 100000
	cfg --arg p "/proc/$child/ns/pid" '.linux.namespaces |= map(if .type == "pid" then .path = $p else . end)'
	run_bundle
	assert_one_line_error
	[ "$output" = "config.json: linux.namespaces: a new user namespace cannot mount /proc of the joined pid namespace /proc/$child/ns/pid: join the user namespace that owns it too" ]
	# without the user namespace it works, and the probe is not pid 1
	cfg '.linux.namespaces |= map(select(.type != "user")) | del(.linux.uidMappings, .linux.gidMappings) | .process.args = ["/probe", "all"]'
	chown -R 0:0 "$BUNDLE/rootfs"
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val pid)" != 1 ]
}

timens_or_skip() {
	[ -e /proc/self/ns/time ] || skip "no time namespaces (Linux 5.6)"
}

@test "a time namespace with linux.timeOffsets shifts CLOCK_MONOTONIC and BOOTTIME" {
	timens_or_skip
	cfg '.linux.namespaces += [{"type": "time"}]
	     | .linux.timeOffsets = {"monotonic": {"secs": 864000, "nanosecs": 5}, "boottime": {"secs": 3600}}
	     | .process.args = ["/probe", "proc"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	local host; host=$(awk '{print int($1)}' /proc/uptime)
	[ "$(val monotonic)" -ge 864000 ]
	[ "$(val monotonic)" -lt $((864000 + host + 60)) ]
	[[ "$(val timens_offsets)" =~ monotonic\ +864000\ +5\;boottime\ +3600\ +0 ]]
}

@test "a time namespace without offsets, and the host clock is untouched" {
	timens_or_skip
	cfg '.linux.namespaces += [{"type": "time"}] | .process.args = ["/bin/sh", "-c", "/probe proc | grep monotonic=; readlink /proc/self/ns/time"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "${lines[1]}" != "$(readlink /proc/self/ns/time)" ]
	[ "$(awk '{print int($1)}' /proc/uptime)" -lt 864000 ]
}

@test "join a time namespace by path: its offsets apply" {
	timens_or_skip
	unshare --time --monotonic 500000 --fork sleep 60 &
	HOLDER=$!
	local child=""
	for _ in $(seq 50); do child=$(pgrep -P "$HOLDER" sleep) && break; sleep 0.05; done
	[ -n "$child" ]
	cfg --arg p "/proc/$child/ns/time" '.linux.namespaces += [{"type": "time", "path": $p}]
	     | .process.args = ["/bin/sh", "-c", "readlink /proc/self/ns/time; /probe proc | grep monotonic="]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(readlink /proc/$child/ns/time)" ]
	[ "${lines[1]#monotonic=}" -ge 500000 ]
}

@test "without a time namespace the host's time namespace is kept" {
	timens_or_skip
	cfg '.process.args = ["/bin/sh", "-c", "readlink /proc/self/ns/time"]'
	run_bundle
	[ "$output" = "$(readlink /proc/self/ns/time)" ]
}

@test "a cgroup namespace makes the container's cgroup its root" {
	[ "$(jq '[.linux.namespaces[] | select(.type == "cgroup")] | length' "$BUNDLE/config.json")" = 1 ]
	cfg '.process.args = ["/probe", "cat", "/proc/self/cgroup"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	# every hierarchy (v1, v2 or both) shows "/" as the path
	[ -n "$output" ]
	! printf '%s\n' "$output" | grep -v ':/$'
}

@test "without a cgroup namespace the host path of the container's cgroup is seen" {
	cfg '.linux.namespaces |= map(select(.type != "cgroup")) | .process.args = ["/probe", "cat", "/proc/self/cgroup"]'
	run_bundle
	[ "$status" -eq 0 ]
	# The default cgroup is /<id> (id: the bundle's name and our pid), as runc's.
	printf '%s\n' "$output" | grep -qE ':/bundle-[0-9]+$'
	! printf '%s\n' "$output" | grep -q ':/runc-mini/'
}

@test "no mount namespace: the runtime's is shared, nothing is mounted, as runc does" {
	# runtime-spec: an unlisted namespace type is the runtime's.  Then the
	# process sees the host's filesystem (runc skips the rootfs too), so
	# the command is a host path; the config's mounts are not made.
	local probe=$BUNDLE/rootfs/probe
	cfg --arg p "$probe" '.linux.namespaces |= map(select(.type != "mount"))
	     | del(.linux.maskedPaths) | del(.linux.readonlyPaths) | .root.readonly = false
	     | .process.args = [$p, "all"] | .process.cwd = "/"'
	local host_mnt; host_mnt=$(readlink /proc/self/ns/mnt)
	cfg --arg p "$probe" '.process.args = ["/bin/sh", "-c", "readlink /proc/self/ns/mnt; exec \($p) all"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$host_mnt" ]
	[ "$(val pid)" = 1 ]
	# Nothing of the config's mounts (/proc, /dev, /sys...) reached the
	# host.  (runc 1.1.5 makes them all in the host's namespace and leaves
	# them there, so it is not run side by side here.)
	! grep -q " $BUNDLE" /proc/self/mountinfo
}

@test "no mount namespace with a terminal: the host's /dev/console is left alone" {
	local probe=$BUNDLE/rootfs/probe
	cfg --arg p "$probe" '.linux.namespaces |= map(select(.type != "mount"))
	     | del(.linux.maskedPaths) | del(.linux.readonlyPaths) | .root.readonly = false
	     | .process.terminal = true | .process.args = [$p, "all"]'
	local before; before=$(grep -c ' /dev/console ' /proc/self/mountinfo || true)
	run script -qec "$RUNC_MINI $BUNDLE" /dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"ttyname=/dev/pts/"* ]]
	[ "$(grep -c ' /dev/console ' /proc/self/mountinfo || true)" = "$before" ]
}

@test "no mount namespace: masked/read-only paths and a read-only root are refused (they would change the host)" {
	cfg '.linux.namespaces |= map(select(.type != "mount"))'
	run_bundle
	assert_one_line_error
	[ "$output" = "config.json: linux.maskedPaths: needs a mount namespace (linux.namespaces), as in runc" ]
	cfg 'del(.linux.maskedPaths) | del(.linux.readonlyPaths) | .root.readonly = true'
	run_bundle
	assert_one_line_error
	[ "$output" = "config.json: root.readonly: needs a mount namespace (linux.namespaces): it would make the host's / read-only" ]
}
