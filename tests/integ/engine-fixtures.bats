#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# The real config.json files written by podman, containerd (ctr) and docker
# (tests/unit/fixtures/*.config.json) decode AND run: root.path points at
# the test rootfs, process.args at the probe, hooks whose binary is not on
# this host are dropped, bind sources that only existed on the engine's
# host are recreated as placeholders, and cgroupsPath is moved under a test
# parent.  Everything else is the engine's own config.

load helpers

FIXTURES=$TOP/tests/unit/fixtures

setup() {
	make_bundle
	CGPARENT=rm-fixtures-$$
}
teardown() {
	local d
	for d in /sys/fs/cgroup/*/"$CGPARENT" /sys/fs/cgroup/"$CGPARENT"; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	assert_host_clean
}

# fixture_bundle NAME: the fixture's config, adapted as described above.
fixture_bundle() {
	local f=$FIXTURES/$1.config.json
	[ -f "$f" ] || { echo "missing fixture $f" >&2; return 1; }
	local srcs=$BATS_TEST_TMPDIR/srcs
	mkdir -p "$srcs"
	jq --arg root "$BUNDLE/rootfs" --arg cg "/$CGPARENT/$1" '
	      .root.path = $root
	    | .process.args = ["/probe", "all"]
	    | .linux.cgroupsPath = $cg' "$f" >"$BUNDLE/config.json"
	# Hooks whose program does not exist here (dockerd, libnetwork...).
	local kind n i path
	for kind in $(jq -r '.hooks // {} | keys[]' "$BUNDLE/config.json"); do
		n=$(jq --arg k "$kind" '.hooks[$k] | length' "$BUNDLE/config.json")
		for ((i = n - 1; i >= 0; i--)); do
			path=$(jq -r --arg k "$kind" --argjson i "$i" '.hooks[$k][$i].path' "$BUNDLE/config.json")
			[ -x "$path" ] || cfg --arg k "$kind" --argjson i "$i" 'del(.hooks[$k][$i])'
		done
	done
	# Bind sources of the engine's host: a placeholder file or directory.
	n=$(jq '.mounts | length' "$BUNDLE/config.json")
	for ((i = 0; i < n; i++)); do
		local src dst
		src=$(jq -r --argjson i "$i" '.mounts[$i] | select(.type == "bind" or ((.options // []) | index("bind") or index("rbind"))) | .source' "$BUNDLE/config.json")
		[ -n "$src" ] && [ ! -e "$src" ] || continue
		dst=$(jq -r --argjson i "$i" '.mounts[$i].destination' "$BUNDLE/config.json")
		case "$dst" in
		/dev/shm) mkdir -p "$srcs/$i" ;;
		*) echo "placeholder for $dst" >"$srcs/$i" ;;
		esac
		cfg --argjson i "$i" --arg s "$srcs/$i" '.mounts[$i].source = $s'
	done
}

# Run it and compare what the probe sees with what the engine asked for.
run_fixture() {
	fixture_bundle "$1"
	run_bundle
	output=${output//$'\r'/}      # a terminal turns \n into \r\n
	echo "$output"
	[ "$status" -eq 0 ]
	local c=$BUNDLE/config.json
	[ "$(val uid)" = "$(jq -r '.process.user.uid' "$c")" ]
	[ "$(val gid)" = "$(jq -r '.process.user.gid' "$c")" ]
	[ "$(val cwd)" = "$(jq -r '.process.cwd' "$c")" ]
	[ "$(val pid)" = 1 ]
	local h; h=$(jq -r '.hostname // empty' "$c")
	[ -z "$h" ] || [ "$(val hostname)" = "$h" ]
	# The effective set is exactly the engine's list.
	local names nums=() cap
	names=$(jq -r '.process.capabilities.effective[]' "$c")
	for cap in $names; do
		nums+=("$(capnum "$cap")")
	done
	[ "$(val capeff)" = "$(capmask "${nums[@]}")" ]
	[ "$(val nnp)" = "$(jq -r 'if .process.noNewPrivileges then 1 else 0 end' "$c")" ]
	[ "$(val tty)" = "$(jq -r 'if .process.terminal then 1 else 0 end' "$c")" ]
	# And the cgroup it was given is gone again.
	! ls -d /sys/fs/cgroup/*/"$CGPARENT/$1" /sys/fs/cgroup/"$CGPARENT/$1" 2>/dev/null
}

# CAP_X -> its number, from the kernel headers' table as the probe sees it.
capnum() {
	local n=${1#CAP_}
	awk -v n="CAP_$n" '$1 == "#define" && $2 == n {print $3}' /usr/include/linux/capability.h
}

@test "podman: run --memory --pids-limit" { run_fixture podman-run-memory-pids; }
@test "podman: run -t" { run_fixture podman-run-tty; }
@test "containerd: ctr run" { run_fixture ctr-run; }
@test "containerd: ctr run -t" { run_fixture ctr-run-tty; }
@test "containerd: ctr run --privileged" { run_fixture ctr-run-privileged; }
@test "docker: run --memory --pids-limit" { run_fixture docker-run-memory-pids; }

@test "every engine fixture has a test here" {
	local f name
	for f in "$FIXTURES"/*.config.json; do
		name=$(basename "$f" .config.json)
		grep -q "run_fixture $name;" "$BATS_TEST_FILENAME" || { echo "no test for $name"; return 1; }
	done
}
