# SPDX-License-Identifier: Apache-2.0
# Shared by the engine setup scripts and the bats files (sourced, bash).
#
# Layout: everything an engine test creates lives under $ENG_TMP
# (default /tmp/rm-engines): $ENG_TMP/rootfs (busybox, built once),
# $ENG_TMP/podman, $ENG_TMP/containerd, $ENG_TMP/docker (one engine each).
# The runtime the engines call is $RT = /usr/local/bin/runc-mini, a copy of
# the repo's ./runc-mini installed by each setup script's `up`.  With RM_ENGINES_TRACE=1 the engines call
# $ENG_TMP/trace/runc-mini instead: a wrapper that logs argv, env, cwd,
# open fds and stdin (for `update --resources -`) of every call to
# $ENG_TMP/trace/log, then execs $RT.  Its basename is still runc-mini, so
# podman's runtime_supports_json matches it the same way.

ENG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$ENG_DIR/../.." && pwd)
ENG_TMP=${ENG_TMP:-/tmp/rm-engines}
RUNC_MINI=${RUNC_MINI:-$TOP/runc-mini}
RT=/usr/local/bin/runc-mini
# podman never passes --root: runc-mini's default state dir.
# shellcheck disable=SC2034  # used by the .bats files
RM_STATE=/run/runc-mini
IMAGE=localhost/rm-busybox:latest

eng_die() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# Install the built binary as $RT (and the trace wrapper).
eng_install_runtime() {
	[ -x "$RUNC_MINI" ] || eng_die "$RUNC_MINI not built (make)"
	# A copy, not a symlink: a concurrent `make` replaces ./runc-mini and
	# would make calls fail with ENOENT in the middle of a run.
	if [ -L "$RT" ] || ! cmp -s "$RUNC_MINI" "$RT"; then
		install -m 755 "$RUNC_MINI" "$RT.tmp.$$" && mv -T "$RT.tmp.$$" "$RT" ||
			eng_die "cannot install $RT"
	fi
	mkdir -p "$ENG_TMP/trace"
	cat >"$ENG_TMP/trace/runc-mini" <<EOF
#!/bin/bash
# Logs one record per call to $ENG_TMP/trace/log, then execs the runtime.
log=$ENG_TMP/trace/log
n=\$(date +%s.%N)
fds=
for f in /proc/\$\$/fd/*; do
	f=\${f##*/}
	case \$f in 25[0-5]) continue ;; esac
	fds="\$fds \$f->\$(readlink /proc/\$\$/fd/\$f)"
done
{
	printf '=== %s pid %s ppid %s (%s) cwd %s\n' "\$n" "\$\$" "\$PPID" "\$(cat /proc/\$PPID/comm 2>/dev/null)" "\$PWD"
	printf 'argv:'; printf ' %q' "\$@"; printf '\n'
	printf 'env: %s\n' "\$(env | grep -E '^(_OCI|XDG|NOTIFY|TTRPC|GOMAXPROCS|PATH)' | tr '\n' ' ')"
	printf 'fds:%s\n' "\$fds"
	printf 'limits: %s\n' "\$(grep -E 'processes|open files' /proc/\$\$/limits | tr -s ' ' | tr '\n' ';')"
} >>"\$log" 2>/dev/null
for a in "\$@"; do
	if [ "\$a" = - ] || [ "\$a" = --resources=- ]; then
		in=\$(cat); printf 'stdin: %s\n' "\$in" >>"\$log"
		exec $RT "\$@" <<<"\$in"
	fi
done
exec $RT "\$@"
EOF
	chmod 755 "$ENG_TMP/trace/runc-mini"
}

# The path the engines are configured with.
eng_runtime_path() {
	if [ "${RM_ENGINES_TRACE:-0}" = 1 ]; then
		echo "$ENG_TMP/trace/runc-mini"
	else
		echo "$RT"
	fi
}

# A busybox rootfs in $ENG_TMP/rootfs, built once.
eng_rootfs() {
	if [ ! -x "$ENG_TMP/rootfs/bin/busybox" ]; then
		mkdir -p "$ENG_TMP"
		"$TOP/rootfs-tools/busybox-rootfs" "$ENG_TMP/rootfs.tmp.$$" >/dev/null ||
			eng_die "busybox-rootfs failed"
		rm -rf "$ENG_TMP/rootfs"
		mv "$ENG_TMP/rootfs.tmp.$$" "$ENG_TMP/rootfs"
	fi
}

# An image archive of the rootfs in both docker-archive (manifest.json) and
# OCI layout (index.json) form, for `ctr images import`; path on stdout.
eng_image_tar() {
	local out=$ENG_TMP/rm-busybox.tar d layer cfg ls cs man ms
	eng_rootfs
	if [ ! -s "$out" ]; then
		d=$ENG_TMP/img.$$
		rm -rf "$d" && mkdir -p "$d/blobs/sha256"
		tar -C "$ENG_TMP/rootfs" --numeric-owner -cf "$d/layer.tar" .
		layer=$(sha256sum "$d/layer.tar" | cut -d' ' -f1)
		ls=$(stat -c %s "$d/layer.tar")
		mv "$d/layer.tar" "$d/blobs/sha256/$layer"
		printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"runc-mini tests"}]}' \
			"$layer" >"$d/cfg"
		cfg=$(sha256sum "$d/cfg" | cut -d' ' -f1)
		cs=$(stat -c %s "$d/cfg")
		mv "$d/cfg" "$d/blobs/sha256/$cfg"
		printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
			"$cfg" "$cs" "$layer" "$ls" >"$d/man"
		man=$(sha256sum "$d/man" | cut -d' ' -f1)
		ms=$(stat -c %s "$d/man")
		mv "$d/man" "$d/blobs/sha256/$man"
		printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"latest"}}]}' \
			"$man" "$ms" "$IMAGE" >"$d/index.json"
		echo '{"imageLayoutVersion":"1.0.0"}' >"$d/oci-layout"
		tar -C "$d" -cf "$out.tmp" oci-layout index.json blobs && mv "$out.tmp" "$out"
		rm -rf "$d"
	fi
	echo "$out"
}

# Mounts whose mount point is under $1 (one per line).
eng_mounts_under() {
	awk -v p="$1" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo
}

# Unmount everything under $1, deepest first (lazy as a last resort).
eng_umount_under() {
	local m
	for m in $(eng_mounts_under "$1" | sort -r); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
}

# Kill the processes whose command line or cwd mentions $1 (our tmp root),
# by pid, TERM then KILL.
eng_kill_under() {
	local p pids=
	for p in $(pgrep -f -- "$1"); do
		[ "$p" = $$ ] || pids="$pids $p"
	done
	[ -n "$pids" ] || return 0
	# shellcheck disable=SC2086
	kill -TERM $pids 2>/dev/null || true
	sleep 1
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null || true
}

# Remove cgroup dirs (depth-first) matching a glob relative to each v1
# controller and the unified tree, e.g. 'libpod_parent'.
eng_rm_cgroups() {
	local g d
	for g in "$@"; do
		for d in /sys/fs/cgroup/*/$g /sys/fs/cgroup/unified/$g; do
			[ -d "$d" ] || continue
			find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
		done
	done
}

# Existing cgroup dirs matching the globs (to check that none remain).
eng_list_cgroups() {
	local g d
	for g in "$@"; do
		for d in /sys/fs/cgroup/*/$g /sys/fs/cgroup/unified/$g; do
			[ -d "$d" ] && echo "$d"
		done
	done
	return 0
}

# Poll a command until it succeeds (at most $1 tenths of a second).
eng_wait() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# Host paths an engine creates outside its configured dirs (hard-coded in
# the engine): containerd's shim sockets and ctr's default fifo dir,
# dockerd's plugin dir and trust key.  eng_note_host records, once per
# $ENG_TMP, which of them existed before the tests; eng_clean_host removes
# the ones the tests created (dirs only when empty).
ENG_HOST_PATHS="/run/containerd/s /run/containerd/fifo /run/containerd /run/docker/plugins /run/docker /opt/containerd/bin /opt/containerd/lib /opt/containerd"

eng_note_host() {
	local p
	mkdir -p "$ENG_TMP"
	[ -f "$ENG_TMP/host-before" ] && return 0
	for p in $ENG_HOST_PATHS; do
		[ -e "$p" ] && echo "$p"
	done >"$ENG_TMP/host-before.tmp"
	mv "$ENG_TMP/host-before.tmp" "$ENG_TMP/host-before"
}

eng_clean_host() {
	local p
	[ -f "$ENG_TMP/host-before" ] || return 0
	for p in $ENG_HOST_PATHS; do
		grep -qx "$p" "$ENG_TMP/host-before" && continue
		[ -d "$p" ] && rmdir "$p" 2>/dev/null
	done
	return 0
}

# Host paths the tests created and left (for the final check).
eng_host_leftovers() {
	local p
	[ -f "$ENG_TMP/host-before" ] || return 0
	for p in $ENG_HOST_PATHS; do
		grep -qx "$p" "$ENG_TMP/host-before" && continue
		[ -e "$p" ] && echo "$p"
	done
	return 0
}

# Start a private containerd in $1: root, state, sockets and the opt plugin
# path all under $1, no CRI (clients.md pitfall 9).  Socket $1/containerd.sock.
eng_containerd_up() {
	local d=$1
	mkdir -p "$d/root" "$d/state" "$d/opt"
	cat >"$d/config.toml" <<EOF2
version = 2
root = "$d/root"
state = "$d/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$d/containerd.sock"

[ttrpc]
  address = "$d/containerd.sock.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$d/opt"
EOF2
	if ! /usr/bin/ctr --address "$d/containerd.sock" version >/dev/null 2>&1; then
		containerd --config "$d/config.toml" >"$d/containerd.log" 2>&1 </dev/null &
		echo $! >"$d/containerd.pid"
		eng_wait 100 /usr/bin/ctr --address "$d/containerd.sock" version ||
			{ tail -20 "$d/containerd.log" >&2; return 1; }
	fi
}

# Stop the containerd started by eng_containerd_up in $1.
eng_containerd_down() {
	local pid
	[ -f "$1/containerd.pid" ] || return 0
	pid=$(cat "$1/containerd.pid")
	kill -TERM "$pid" 2>/dev/null && eng_wait 100 sh -c "! kill -0 $pid"
	kill -KILL "$pid" 2>/dev/null
	rm -f "$1/containerd.pid"
	return 0
}
