#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# maskedPaths, readonlyPaths, linux.rootfsPropagation: more cases than
# mounts.bats, each checked from inside.

load helpers

setup() { make_bundle; }
teardown() { assert_host_clean; }

@test "a masked directory is an empty read-only tmpfs, a masked file reads empty" {
	mkdir -p "$BUNDLE/rootfs/secret"
	echo s3cret >"$BUNDLE/rootfs/secret/key"
	echo s3cret >"$BUNDLE/rootfs/secretfile"
	cfg '.linux.maskedPaths += ["/secret", "/secretfile"]
	     | .process.args = ["/bin/sh", "-c", "ls -A /secret | wc -l; /probe write /secret/new x; cat /secretfile | wc -c; /probe write /secretfile x"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = write=EROFS ]
	[ "${lines[2]}" = 0 ]
	# /dev/null takes the write and keeps nothing
	[ "${lines[3]}" = write=ok ]
	[ "$(cat "$BUNDLE/rootfs/secretfile")" = s3cret ]
}

@test "a masked symlink resolves inside the container; a dangling one is skipped" {
	echo hostsecret >"$BATS_TEST_TMPDIR/hostfile"
	mkdir -p "$BUNDLE/rootfs/$BATS_TEST_TMPDIR"
	echo inside >"$BUNDLE/rootfs/$BATS_TEST_TMPDIR/hostfile"
	ln -s "$BATS_TEST_TMPDIR/hostfile" "$BUNDLE/rootfs/link"
	ln -s /nonexistent "$BUNDLE/rootfs/dangling"
	cfg '.linux.maskedPaths += ["/link", "/dangling"] | .process.args = ["/bin/sh", "-c", "cat /link | wc -c"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = 0 ]          # the container's target is masked
	[ "$(cat "$BATS_TEST_TMPDIR/hostfile")" = hostsecret ]
	[ "$(cat "$BUNDLE/rootfs/$BATS_TEST_TMPDIR/hostfile")" = inside ]
}

@test "a read-only path under a writable bind mount is read-only, the rest stays writable" {
	mkdir -p "$BATS_TEST_TMPDIR/vol/ro"
	cfg --arg s "$BATS_TEST_TMPDIR/vol" '.mounts += [{"destination": "/vol", "type": "bind", "source": $s, "options": ["rbind", "rw"]}]
	     | .linux.readonlyPaths += ["/vol/ro"]
	     | .process.args = ["/bin/sh", "-c", "/probe write /vol/ro/x x; /probe write /vol/y y"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = write=EROFS ]
	[ "${lines[1]}" = write=ok ]
	[ -f "$BATS_TEST_TMPDIR/vol/y" ]
}

@test "readonlyPaths: /proc/sys is read-only but /proc/self is not touched" {
	cfg '.process.args = ["/bin/sh", "-c", "/probe write /proc/sys/kernel/domainname x; /probe write /proc/self/comm probe2"]'
	run_bundle
	[ "${lines[0]}" = write=EROFS ]
	[ "${lines[1]}" = write=ok ]
}

propagation_of_root() {   # the optional fields of / in the probe's mountinfo
	printf '%s\n' "$output" | awk '$5 == "/" {for (i = 7; $i != "-"; i++) printf "%s ", $i; print ""}'
}

@test "linux.rootfsPropagation: shared, slave, private" {
	cfg '.linux.rootfsPropagation = "shared" | .process.args = ["/probe", "mounts"]'
	run_bundle
	[ "$status" -eq 0 ]
	[[ "$(propagation_of_root)" == *shared:* ]]
	cfg '.linux.rootfsPropagation = "private"'
	run_bundle
	[ "$status" -eq 0 ]
	[[ "$(propagation_of_root)" != *shared:* && "$(propagation_of_root)" != *master:* ]]
	cfg '.linux.rootfsPropagation = "rslave"'
	run_bundle
	[ "$status" -eq 0 ]
	[[ "$(propagation_of_root)" != *shared:* ]]
}

@test "a shared rootfs does not leak the container's mounts to the host" {
	local before; before=$(wc -l </proc/self/mountinfo)
	cfg '.linux.rootfsPropagation = "rshared" | .mounts += [{"destination": "/leak", "type": "tmpfs", "source": "tmpfs"}]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(wc -l </proc/self/mountinfo)" -eq "$before" ]
}

@test "an unknown rootfsPropagation is a clear error" {
	cfg '.linux.rootfsPropagation = "sideways"'
	run_bundle
	assert_one_line_error
	[[ "$output" == *'linux.rootfsPropagation: unknown value "sideways"'* ]]
}

@test "hostname and domainname are the config's, and empty ones keep the namespace's" {
	cfg '.hostname = "box1" | .domainname = "example.org" | .process.args = ["/probe", "all"]'
	run_bundle
	[ "$(val hostname)" = box1 ]
	[ "$(val domainname)" = example.org ]
	cfg '.hostname = "" | .domainname = ""'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val hostname)" = "$(hostname)" ]
}
