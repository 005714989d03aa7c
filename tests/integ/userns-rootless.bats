#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# User namespaces (as root) and rootless mode: a real unprivileged user
# runs runc-mini, its own id mapped to root, subordinate ranges through
# newuidmap/newgidmap, cgroups skipped with a warning when not delegated.

load helpers
load userns

RLUSER=rmrootless

setup_file() {
	id "$RLUSER" >/dev/null 2>&1 || useradd -M -s /bin/sh "$RLUSER"
}
teardown_file() {
	userdel "$RLUSER" 2>/dev/null || true
}

setup() { make_bundle; }
teardown() {
	rm -rf "/tmp/runc-mini-$(id -u "$RLUSER" 2>/dev/null || echo none)"
	assert_host_clean
}

# --- as root, with a user namespace ---

@test "uidMappings/gidMappings: root inside is the mapped host id" {
	userns_bundle 100000
	cfg '.process.args = ["/bin/sh", "-c", "/probe all | grep -e ^uid= -e ^gid=; cat /proc/self/uid_map /proc/self/gid_map; /probe write /owned x"] | .root.readonly = false'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = uid=0 ]
	[ "${lines[1]}" = gid=0 ]
	[[ "${lines[2]}" =~ ^\ +0\ +100000\ +65536$ ]]
	[[ "${lines[3]}" =~ ^\ +0\ +100000\ +65536$ ]]
	[ "${lines[4]}" = write=ok ]
	[ "$(stat -c %u:%g "$BUNDLE/rootfs/owned")" = 100000:100000 ]
}

@test "several ranges, a user inside, and additionalGids (root leaves setgroups allowed)" {
	userns_bundle 100000
	cfg '.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 1000}, {"containerID": 1000, "hostID": 300000, "size": 10}]
	     | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 1000}, {"containerID": 1000, "hostID": 300000, "size": 10}]
	     | .process.user = {"uid": 1001, "gid": 1002, "additionalGids": [5, 1003]}
	     | .process.args = ["/bin/sh", "-c", "/probe all | grep -e ^uid= -e ^gid= -e ^groups=; cat /proc/self/setgroups"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = uid=1001 ]
	[ "${lines[1]}" = gid=1002 ]
	[ "${lines[2]}" = groups=5,1003 ]
	[ "${lines[3]}" = allow ]
}

@test "in a user namespace devices are bind mounts of the host's nodes" {
	userns_bundle 100000
	cfg '.linux.devices = [{"path": "/dev/kmsg", "type": "c", "major": 1, "minor": 11}]
	     | .process.args = ["/bin/sh", "-c", "/probe ls /dev | grep -e ^null -e ^kmsg; /probe write /dev/null x; grep -c -e \" /dev/null \" -e \" /dev/kmsg \" /proc/self/mountinfo"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "kmsg c 0644 1:11" ] || [[ "${lines[0]}" == "kmsg c "*" 1:11" ]]
	[[ "${lines[1]}" == "null c "*" 1:3" ]]
	[ "${lines[2]}" = write=ok ]
	[ "${lines[3]}" = 2 ]      # both are mount points: bound, not made
}

@test "in a user namespace a bind source only host root can reach is opened before entering it" {
	userns_bundle
	mkdir -p "$BATS_TEST_TMPDIR/private/vol"
	echo hostdata >"$BATS_TEST_TMPDIR/private/vol/f"
	chmod 0700 "$BATS_TEST_TMPDIR/private"
	chmod 0755 "$BATS_TEST_TMPDIR/private/vol"
	chmod 0644 "$BATS_TEST_TMPDIR/private/vol/f"
	cfg --arg s "$BATS_TEST_TMPDIR/private/vol" '.mounts += [{"destination": "/vol", "type": "bind", "source": $s, "options": ["rbind", "ro"]}]
	     | .process.args = ["/bin/sh", "-c", "cat /vol/f; /probe write /vol/g x"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = hostdata ]
	[ "${lines[1]}" = write=EROFS ]
}

@test "sysfs in a user namespace without a network namespace is an rbind of /sys" {
	userns_bundle 100000
	# (no cgroup mount: the rbind brings the host's /sys/fs/cgroup, as with runc's rootless spec)
	cfg '.linux.namespaces |= map(select(.type != "network")) | .mounts |= map(select(.type != "cgroup"))
	     | .process.args = ["/probe", "mounts"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	local l; l=$(printf '%s\n' "$output" | awk '$5 == "/sys"')
	[[ "$l" == *" ro,"*" - sysfs "* ]]
	# submounts of the host's /sys came along (rbind), e.g. its cgroup
	# mounts, and every one of them is read-only too
	printf '%s\n' "$output" | awk '$5 ~ "^/sys/"' | grep -q .
	! printf '%s\n' "$output" | awk '$5 ~ "^/sys/" && $6 !~ /^ro,/' | grep .
}

@test "the cgroup mount over an rbind /sys shows the container's own cgroups" {
	userns_bundle 100000
	cfg '.linux.namespaces |= map(select(.type != "network")) | .process.args = ["/probe", "mounts"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	if grep -q ' - cgroup ' /proc/self/mountinfo; then
		# the last mount on /sys/fs/cgroup/memory is ours: read-only, the container's cgroup as root
		local l; l=$(printf '%s\n' "$output" | awk '$5 == "/sys/fs/cgroup/memory"' | tail -n 1)
		[[ "$l" == *" / /sys/fs/cgroup/memory ro,"*" - cgroup "* ]]
	fi
}

# --- rootless: a real unprivileged user ---

as_user() {   # as_user CMD...: run as $RLUSER in $BUNDLE with a private XDG_RUNTIME_DIR
	run setpriv --reuid="$RLUSER" --regid="$RLUSER" --init-groups --reset-env \
		env PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$BATS_TEST_TMPDIR/xdg" sh -c 'cd "$0" && exec "$@"' "$BUNDLE" "$@"
}

rootless_bundle() {
	open_bundle_path
	mkdir -p "$BATS_TEST_TMPDIR/xdg"
	rm -f "$BUNDLE/config.json"
	chown -R "$RLUSER:$RLUSER" "$BUNDLE" "$BATS_TEST_TMPDIR/xdg"
	cp "$RUNC_MINI" "$BATS_TEST_TMPDIR/runc-mini"
	chmod 755 "$BATS_TEST_TMPDIR/runc-mini"
	RL=$BATS_TEST_TMPDIR/runc-mini
	as_user "$RL" spec --rootless </dev/null
	[ "$status" -eq 0 ]
	cfg '.process.args = ["/bin/sh", "-c", "/probe all | grep -e ^uid= -e ^gid=; cat /proc/self/uid_map /proc/self/setgroups"]'
	chown "$RLUSER" "$BUNDLE/config.json"
}

@test "rootless: spec --rootless writes a config that runs for the calling user" {
	rootless_bundle
	local uid; uid=$(id -u "$RLUSER")
	[ "$(jq -r '.linux.uidMappings[0].hostID' "$BUNDLE/config.json")" = "$uid" ]
	as_user "$RL" .
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx uid=0
	printf '%s\n' "$output" | grep -qx gid=0
	printf '%s\n' "$output" | grep -Eqx " +0 +$uid +1"
	# a single self mapping needs setgroups denied
	printf '%s\n' "$output" | grep -qx deny
	# cgroups are not delegated to this user: a warning, not a failure
	printf '%s\n' "$output" | grep -q '^runc-mini: warning: rootless: .*running without a cgroup$'
	# the state went to $XDG_RUNTIME_DIR/runc-mini and is gone again
	[ -d "$BATS_TEST_TMPDIR/xdg/runc-mini" ]
	[ -z "$(ls "$BATS_TEST_TMPDIR/xdg/runc-mini")" ]
}

@test "rootless: the container cannot write what the user cannot" {
	rootless_bundle
	cfg '.root.readonly = false | .process.args = ["/bin/sh", "-c", "/probe write /etc/passwd x; /probe write /rootowned x"]'
	chown root:root "$BUNDLE/rootfs/etc/passwd"
	touch "$BUNDLE/rootfs/rootowned"; chown root:root "$BUNDLE/rootfs/rootowned"
	as_user "$RL" .
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx write=EACCES
}

@test "rootless: subordinate ranges go through newuidmap/newgidmap" {
	command -v newuidmap >/dev/null || skip "uidmap is not installed"
	rootless_bundle
	local uid sub cnt; uid=$(id -u "$RLUSER")
	sub=$(awk -F: -v u="$RLUSER" '$1 == u {print $2}' /etc/subuid)
	cnt=$(awk -F: -v u="$RLUSER" '$1 == u {print $3}' /etc/subuid)
	[ -n "$sub" ] || skip "$RLUSER has no /etc/subuid range"
	[ "$(awk -F: -v u="$RLUSER" '$1 == u {print $2}' /etc/subgid)" = "$sub" ] || skip "subuid and subgid differ"
	cfg --argjson u "$uid" --argjson s "$sub" --argjson c "$cnt" '
	       .linux.uidMappings = [{"containerID": 0, "hostID": $u, "size": 1}, {"containerID": 1, "hostID": $s, "size": $c}]
	     | .linux.gidMappings = [{"containerID": 0, "hostID": $u, "size": 1}, {"containerID": 1, "hostID": $s, "size": $c}]
	     | .root.readonly = false | .process.user = {"uid": 1000, "gid": 1000}
	     | .process.args = ["/bin/sh", "-c", "/probe all | grep -e ^uid= -e ^gid=; /probe write /tmp/byuser x"]'
	chmod 1777 "$BUNDLE/rootfs/tmp"
	as_user "$RL" .
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx uid=1000
	printf '%s\n' "$output" | grep -qx write=ok
	[ "$(stat -c %u:%g "$BUNDLE/rootfs/tmp/byuser")" = "$((sub + 999)):$((sub + 999))" ]
}

@test "rootless: a range the user does not own is refused with a clear error" {
	command -v newuidmap >/dev/null || skip "uidmap is not installed"
	rootless_bundle
	cfg '.linux.uidMappings = [{"containerID": 0, "hostID": 0, "size": 1}]'
	as_user "$RL" .
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "${lines[-1]}" == "linux.uidMappings: newuidmap refused the mapping (see /etc/subuid): operation not permitted" ]]
}

@test "rootless: resource limits without delegated cgroups are an error, not ignored" {
	rootless_bundle
	cfg '.linux.resources = {"pids": {"limit": 10}}'
	as_user "$RL" .
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "${lines[-1]}" == *"cgroup"*"permission denied" ]]
}
