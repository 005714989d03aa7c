# SPDX-License-Identifier: Apache-2.0
# Shared helpers for the integration tests (bats, run as root).
#
# Each test gets a bundle in $BATS_TEST_TMPDIR/bundle with a busybox rootfs
# (built once per run and copied), the probe at /probe and json-app at
# /app/json-app.  cfg 'JQ-FILTER' edits config.json in place.
# bats sets status and output; the .bats files use the variables set here.
# shellcheck disable=SC2154,SC2034

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
RUNC_MINI=${RUNC_MINI:-$TOP/runc-mini}
BUILD=${BUILD:-$TOP/build}
ROOTFS_CACHE=$BUILD/test-rootfs

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

# Build the cached rootfs once (the run-integ script also does this).
ensure_rootfs() {
	if [ ! -x "$ROOTFS_CACHE/probe" ]; then
		"$TOP/rootfs-tools/busybox-rootfs" "$ROOTFS_CACHE.tmp.$$" \
			--add "$BUILD/probe:/probe" --add "$BUILD/json-app:/app/json-app" >/dev/null
		rm -rf "$ROOTFS_CACHE"
		mv "$ROOTFS_CACHE.tmp.$$" "$ROOTFS_CACHE"
	fi
}

# A fresh bundle running `/probe all` with runc-mini's default spec.
make_bundle() {
	need_root
	ensure_rootfs
	BUNDLE=$BATS_TEST_TMPDIR/bundle
	mkdir -p "$BUNDLE"
	cp -a "$ROOTFS_CACHE" "$BUNDLE/rootfs"
	(cd "$BUNDLE" && "$RUNC_MINI" spec </dev/null)
	cfg '.process.args = ["/probe", "all"]'
}

# Edit config.json with a jq filter.
cfg() {
	local f=$BUNDLE/config.json
	jq "$@" "$f" >"$f.new" && mv "$f.new" "$f"
}

# Value of key=... in $output (the probe's format).
val() {
	printf '%s\n' "$output" | sed -n "s/^$1=//p" | head -n 1
}

# Run the bundle; stdout+stderr in $output, status in $status.
run_bundle() {
	run "$RUNC_MINI" "$@" "$BUNDLE"
}

# The capability mask (hex, as in /proc/self/status) of a list of numbers.
capmask() {
	local m=0 c
	for c in "$@"; do m=$((m | (1 << c))); done
	printf '%016x' "$m"
}

# Nothing of this test may remain on the host: no mount under the test's
# tmpdir, no process started from its bundle, no cgroup of $RM_ID.
assert_host_clean() {
	if grep -q " $BATS_TEST_TMPDIR" /proc/self/mountinfo; then
		echo "stray mounts:" >&2
		grep " $BATS_TEST_TMPDIR" /proc/self/mountinfo >&2
		return 1
	fi
	if pgrep -f "$BATS_TEST_TMPDIR" >/dev/null; then
		echo "stray processes:" >&2
		pgrep -af "$BATS_TEST_TMPDIR" >&2
		return 1
	fi
	# Without cgroupsPath a container's cgroup is /<id> in each hierarchy
	# (runc's default); older runc-mini used /runc-mini/<id>: both are
	# checked.
	local d
	for d in /sys/fs/cgroup/*/runc-mini/*/ /sys/fs/cgroup/runc-mini/*/ \
		/sys/fs/cgroup/*/"${RM_ID:-@none@}"/ /sys/fs/cgroup/"${RM_ID:-@none@}"/; do
		[ -d "$d" ] || continue
		case "$d" in *"${RM_ID:-@none@}"*) echo "stray cgroup $d" >&2; return 1 ;; esac
	done
	return 0
}

# The single stderr line of a failed run, for error-message tests.
assert_one_line_error() {
	[ "$status" -ne 0 ] || { echo "expected failure, got 0" >&2; return 1; }
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ] || { echo "expected one line: $output" >&2; return 1; }
	# Engines add the runtime's name themselves (podman: "runc-mini: ..."),
	# so the line must not carry it too.
	case "$output" in "runc-mini:"*) echo "a runc-mini: prefix: $output" >&2; return 1 ;; esac
}

# A TCP port nobody listens on right now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Start runc-mini in the background on $1 (a bundle dir); RM_PID is its pid.
start_bg() {
	"$RUNC_MINI" "$1" >"$BATS_TEST_TMPDIR/bg.out" 2>&1 &
	RM_PID=$!
}

# Wait until a URL answers (at most ~10 s).
wait_http() {
	local _
	for _ in $(seq 200); do
		curl -sf "$1" >/dev/null 2>&1 && return 0
		kill -0 "$RM_PID" 2>/dev/null || { cat "$BATS_TEST_TMPDIR/bg.out" >&2; return 1; }
		sleep 0.05
	done
	return 1
}

# Stop the background runc-mini with SIGTERM and collect its status in RM_STATUS.
stop_bg() {
	kill -TERM "$RM_PID" 2>/dev/null
	RM_STATUS=0
	wait "$RM_PID" || RM_STATUS=$?
}

# runc-mini with the test's state root $ROOT (a .bats file may define its own).
rm_() { "$RUNC_MINI" --root "$ROOT" "$@"; }

# Run $BUNDLE detached as $RM_ID; INIT is its init's pid.
run_detached() {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	INIT=$(rm_ state "$RM_ID" | jq .pid)
}
