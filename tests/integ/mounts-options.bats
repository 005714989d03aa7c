#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# mounts[].options beyond the plain flags: recursive r* options (mount_setattr
# and the 4.x remount fallback), the OCI options that are not fs data,
# tmpcopyup, idmapped mounts, and destinations created like the source.

load helpers
load userns

setup() {
	make_bundle
	SRC=$BATS_TEST_TMPDIR/src
	mkdir -p "$SRC/sub"
	echo top >"$SRC/f"
	# A host tree with a submount: recursive options must reach it.
	mount -t tmpfs tmpfs "$SRC/sub"
	echo inner >"$SRC/sub/g"
}
teardown() {
	umount "$SRC/sub" 2>/dev/null || true
	assert_host_clean
}

mountinfo_line() {   # the probe's mountinfo line for a mount point
	printf '%s\n' "$output" | awk -v m="$1" '$5 == m'
}

bind_src() {   # bind_src OPTIONS-JSON: mount $SRC at /data with these options
	cfg --arg s "$SRC" --argjson o "$1" \
		'.mounts += [{"destination": "/data", "type": "bind", "source": $s, "options": $o}]'
}

@test "rro makes the whole tree read-only, submounts included" {
	bind_src '["rbind", "rro"]'
	cfg '.process.args = ["/bin/sh", "-c", "/probe write /data/new x; /probe write /data/sub/new x; /probe mounts"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = write=EROFS ]
	[ "${lines[1]}" = write=EROFS ]
	[[ "$(mountinfo_line /data/sub)" == *" ro,"* ]]
	[ ! -e "$SRC/sub/new" ]
}

@test "ro without rro leaves submounts writable (the contrast rro exists for)" {
	bind_src '["rbind", "ro"]'
	cfg '.process.args = ["/bin/sh", "-c", "/probe write /data/new x; /probe write /data/sub/new x"]'
	run_bundle
	echo "$output"
	[ "${lines[0]}" = write=EROFS ]
	[ "${lines[1]}" = write=ok ]
}

@test "rro on a kernel without mount_setattr: each submount is remounted read-only" {
	bind_src '["rbind", "rro"]'
	cfg '.process.args = ["/bin/sh", "-c", "/probe write /data/new x; /probe write /data/sub/new x"]'
	RUNC_MINI_NO_NEW_MOUNT_API=1 run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = write=EROFS ]
	[ "${lines[1]}" = write=EROFS ]
}

@test "rnosuid, rnodev, rnoexec and rnoatime reach the submounts" {
	bind_src '["rbind", "rnosuid", "rnodev", "rnoexec", "rnoatime"]'
	cfg '.process.args = ["/probe", "mounts"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	local l; l=$(mountinfo_line /data/sub)
	[[ "$l" == *nosuid* && "$l" == *nodev* && "$l" == *noexec* && "$l" == *noatime* ]]
	l=$(mountinfo_line /data)
	[[ "$l" == *nosuid* && "$l" == *nodev* && "$l" == *noexec* && "$l" == *noatime* ]]
}

@test "the recursive options also work through the 4.x fallback" {
	bind_src '["rbind", "rnosuid", "rnoexec", "rstrictatime"]'
	cfg '.process.args = ["/probe", "mounts"]'
	RUNC_MINI_NO_NEW_MOUNT_API=1 run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	local l; l=$(mountinfo_line /data/sub)
	[[ "$l" == *nosuid* && "$l" == *noexec* && "$l" != *relatime* ]]
}

@test "rrw undoes ro on the tree, rsuid and rexec clear their flags" {
	mount -o remount,bind,ro,nosuid,noexec "$SRC/sub"
	bind_src '["rbind", "rrw", "rsuid", "rexec"]'
	cfg '.process.args = ["/bin/sh", "-c", "/probe write /data/sub/new x; /probe mounts"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = write=ok ]
	local l; l=$(mountinfo_line /data/sub)
	[[ "$l" != *nosuid* && "$l" != *noexec* ]]
}

@test "defaults, iversion, noiversion and nosymfollow are flags, not tmpfs data" {
	cfg '.mounts += [{"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["defaults", "noiversion", "iversion", "nosymfollow", "mode=711"]}]
	     | .process.args = ["/probe", "mounts"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	local l; l=$(mountinfo_line /t)
	[[ "$l" == *nosymfollow*" - tmpfs "*"mode=711"* ]]
}

@test "nosymfollow: symlinks on the mount are not followed" {
	ln -s f "$SRC/link"
	bind_src '["bind", "nosymfollow"]'
	cfg '.process.args = ["/probe", "open", "/data/link"]'
	run_bundle
	echo "$output"
	[ "$output" = open=ELOOP ]
	bind_src '["bind"]'
	cfg '.mounts |= .[:-2] + [.[-1]] | .process.args = ["/probe", "open", "/data/link"]'
	run_bundle
	echo "$output"
	[ "$output" = open=ok ]
}

@test "an unknown option is fs data, and the filesystem's error names the mount" {
	cfg '.mounts += [{"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["bogus=1"]}]'
	run_bundle
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"config.json: mounts["*"]: mount tmpfs (tmpfs) on /t: invalid argument" ]]
}

@test "tmpcopyup: the tmpfs starts with the image's files, and the image is untouched" {
	mkdir -p "$BUNDLE/rootfs/seed/d"
	echo seeded >"$BUNDLE/rootfs/seed/d/file"
	chmod 0751 "$BUNDLE/rootfs/seed"
	ln -s d/file "$BUNDLE/rootfs/seed/link"
	cfg '.mounts += [{"destination": "/seed", "type": "tmpfs", "source": "tmpfs", "options": ["tmpcopyup", "nosuid"]}]
	     | .process.args = ["/bin/sh", "-c", "cat /seed/link; /probe stat /seed | grep mode; /probe write /seed/new x; grep \" /seed \" /proc/self/mountinfo"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = seeded ]
	[ "${lines[1]}" = mode=0751 ]
	[ "${lines[2]}" = write=ok ]      # writable although root.readonly
	[[ "${lines[3]}" == *" - tmpfs "* ]]
	[ ! -e "$BUNDLE/rootfs/seed/new" ]
}

@test "tmpcopyup on anything but tmpfs is a clear error" {
	cfg '.mounts += [{"destination": "/m", "type": "mqueue", "source": "mqueue", "options": ["tmpcopyup"]}]'
	run_bundle
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"mounts["*"]: option tmpcopyup needs type tmpfs, not mqueue"* ]]
}

@test "a missing destination is made like the source: dir, file, or file for a device" {
	cfg --arg s "$SRC" '.root.readonly = false | .mounts += [
	       {"destination": "/new/dir", "type": "bind", "source": $s, "options": ["bind"]},
	       {"destination": "/new/file", "type": "bind", "source": ($s + "/f"), "options": ["bind"]},
	       {"destination": "/new/null", "type": "bind", "source": "/dev/null", "options": ["bind"]}]
	     | .process.args = ["/bin/sh", "-c", "/probe stat /new/dir | grep type; cat /new/file; /probe stat /new/null | grep -e type -e rdev"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = type=d ]
	[ "${lines[1]}" = top ]
	[ "${lines[2]}" = type=c ]
	[ "${lines[3]}" = rdev=1:3 ]
	[ -d "$BUNDLE/rootfs/new/dir" ] && [ -f "$BUNDLE/rootfs/new/file" ] && [ -f "$BUNDLE/rootfs/new/null" ]
}

@test "a bind mount whose source is missing names the source" {
	cfg '.mounts += [{"destination": "/x", "type": "bind", "source": "/nonexistent/src", "options": ["bind"]}]'
	run_bundle
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"mounts["*"]: bind source /nonexistent/src: no such file or directory" ]]
}

idmap_or_skip() {
	local v; v=$(uname -r | awk -F. '{print $1 * 100 + $2}')
	[ "$v" -ge 512 ] || skip "idmapped mounts need Linux 5.12"
}

@test "mount uidMappings/gidMappings: an idmapped bind mount shows the mapped owners" {
	idmap_or_skip
	chown 0:0 "$SRC/f"
	chown 7:8 "$SRC"
	umount "$SRC/sub"
	cfg --arg s "$SRC" '.mounts += [{"destination": "/data", "type": "bind", "source": $s, "options": ["bind"],
	       "uidMappings": [{"containerID": 0, "hostID": 1234, "size": 1}, {"containerID": 7, "hostID": 77, "size": 1}],
	       "gidMappings": [{"containerID": 0, "hostID": 4321, "size": 1}, {"containerID": 8, "hostID": 88, "size": 1}]}]
	     | .process.args = ["/bin/sh", "-c", "/probe stat /data/f | grep -e uid -e gid; /probe stat /data | grep -e uid -e gid"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = uid=1234 ]
	[ "${lines[1]}" = gid=4321 ]
	[ "${lines[2]}" = uid=77 ]
	[ "${lines[3]}" = gid=88 ]
	# The host still sees the real owners.
	[ "$(stat -c %u:%g "$SRC/f")" = 0:0 ]
}

@test "ridmap idmaps the submounts too, idmap only the top" {
	idmap_or_skip
	chown 0:0 "$SRC/sub/g" "$SRC/f"
	local maps='"uidMappings": [{"containerID": 0, "hostID": 2000, "size": 1}], "gidMappings": [{"containerID": 0, "hostID": 2000, "size": 1}]'
	cfg --arg s "$SRC" ".mounts += [{\"destination\": \"/data\", \"type\": \"bind\", \"source\": \$s, \"options\": [\"rbind\", \"ridmap\"], $maps}]
	     | .process.args = [\"/bin/sh\", \"-c\", \"/probe stat /data/f | grep ^uid; /probe stat /data/sub/g | grep ^uid\"]"
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = uid=2000 ]
	[ "${lines[1]}" = uid=2000 ]
	cfg '.mounts[-1].options = ["rbind", "idmap"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = uid=2000 ]
	[ "${lines[1]}" = uid=0 ]
}

@test "option idmap uses the container's user namespace mappings" {
	idmap_or_skip
	chown 0:0 "$SRC/f"
	umount "$SRC/sub"
	userns_bundle 100000
	chmod a+x "$BATS_TEST_TMPDIR" "$SRC"
	cfg --arg s "$SRC" '.mounts += [{"destination": "/data", "type": "bind", "source": $s, "options": ["rbind", "idmap"]}]
	     | .process.args = ["/bin/sh", "-c", "/probe stat /data/f | grep -e uid -e gid; /probe write /data/f new"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = uid=0 ]
	[ "${lines[1]}" = gid=0 ]
	[ "${lines[2]}" = write=ok ]       # root in the container owns it through the idmap
	[ "$(cat "$SRC/f")" = new ]
	[ "$(stat -c %u "$SRC/f")" = 0 ]
}

@test "the runtime keeps no idmapped tree open while the container runs" {
	idmap_or_skip
	umount "$SRC/sub"
	mkfifo -m 666 "$SRC/up" "$SRC/go"
	cfg --arg s "$SRC" '.mounts += [{"destination": "/data", "type": "bind", "source": $s, "options": ["bind"],
	       "uidMappings": [{"containerID": 0, "hostID": 1234, "size": 1}],
	       "gidMappings": [{"containerID": 0, "hostID": 4321, "size": 1}]}]
	     | .process.args = ["/bin/sh", "-c", "echo up >/data/up; read x </data/go"]'
	# If the container fails, "exited" unblocks the read below (1<>: never blocks).
	{ "$RUNC_MINI" run --bundle "$BUNDLE" idfd >"$BATS_TEST_TMPDIR/out" 2>&1; echo exited 1<>"$SRC/up"; } &
	local up; read -r up <"$SRC/up"
	cat "$BATS_TEST_TMPDIR/out"
	[ "$up" = up ]
	local init; init=$("$RUNC_MINI" state idfd | jq .pid)
	local rt; rt=$(awk '/^PPid:/ {print $2}' "/proc/$init/status")   # the foreground runtime
	# An idmapped tree reads as its source, or, once attached, as /data.
	local fds; fds=$(ls -l "/proc/$rt/fd" | grep -c -e "-> $SRC\$" -e '-> /data$' || true)
	echo ok >"$SRC/go"
	wait
	[ "$fds" -eq 0 ]
}

@test "idmap errors: not a bind mount, no mappings at all, a kernel without the new mount API" {
	idmap_or_skip
	cfg '.mounts += [{"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["idmap"]}]'
	run_bundle
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"mounts["*"] (/t): idmapped mounts must be bind mounts"* ]]
	cfg --arg s "$SRC" '.mounts[-1] = {"destination": "/data", "type": "bind", "source": $s, "options": ["bind", "idmap"]}'
	run_bundle
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"(/data): option idmap without uidMappings/gidMappings needs the container's linux.uidMappings/gidMappings"* ]]
	cfg '.mounts[-1].uidMappings = [{"containerID": 0, "hostID": 1000, "size": 1}]
	     | .mounts[-1].gidMappings = [{"containerID": 0, "hostID": 1000, "size": 1}]'
	RUNC_MINI_NO_NEW_MOUNT_API=1 run_bundle
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"(/data): idmapped mounts need Linux 5.12 (open_tree): function not implemented"* ]]
}

@test "overlay with lowerdir/upperdir/workdir as data: merged view, writes land in upperdir" {
	grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || skip "no overlay filesystem"
	local o=$BATS_TEST_TMPDIR/ov
	mkdir -p "$o/lower" "$o/upper" "$o/work"
	echo low >"$o/lower/l"
	cfg --arg o "$o" '.mounts += [{"destination": "/merged", "type": "overlay", "source": "overlay",
	       "options": [("lowerdir=" + $o + "/lower"), ("upperdir=" + $o + "/upper"), ("workdir=" + $o + "/work"), "nosuid"]}]
	     | .process.args = ["/bin/sh", "-c", "cat /merged/l; /probe write /merged/new x; grep \" /merged \" /proc/self/mountinfo"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = low ]
	[ "${lines[1]}" = write=ok ]
	[[ "${lines[2]}" == *nosuid*" - overlay "*"lowerdir="* ]]
	[ -f "$o/upper/new" ] && [ ! -e "$o/lower/new" ]
}

@test "rootfsPropagation unbindable: the rootfs is bound, then / is made unbindable" {
	cfg '.linux.rootfsPropagation = "unbindable" | .process.args = ["/probe", "mounts"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$(mountinfo_line /)" == *" unbindable"* ]]
}

@test "readonlyPaths keep the nosuid, nodev and noexec of the mount they lie on" {
	bind_src '["rbind", "nosuid", "nodev", "noexec"]'
	# /proc as the engines mount it
	cfg '.linux.readonlyPaths += ["/data"] | .process.args = ["/probe", "mounts"]
	     | (.mounts[] | select(.destination == "/proc")).options = ["nosuid", "noexec", "nodev"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$(mountinfo_line /data)" == *" ro,nosuid,nodev,noexec"* ]]
	[[ "$(mountinfo_line /proc/sys)" == *" ro,nosuid,nodev,noexec"* ]]
}

@test "a tmpfs without mode= takes the mode of the directory it covers" {
	mkdir -p "$BUNDLE/rootfs/scratch" "$BUNDLE/rootfs/given"
	chmod 0750 "$BUNDLE/rootfs/scratch" "$BUNDLE/rootfs/given"
	cfg '.mounts += [{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "size=1m"]},
	                 {"destination": "/given", "type": "tmpfs", "source": "tmpfs", "options": ["mode=711"]}]
	     | .process.args = ["/bin/sh", "-c", "/probe stat /scratch | grep mode=; /probe stat /given | grep mode="]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = mode=0750 ]
	[ "${lines[1]}" = mode=0711 ]
}
