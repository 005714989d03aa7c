#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# rootfs-tools/mkbundle: images as users have them (podman/docker save in
# both formats, an OCI layout, a docker export, a busybox binary) turned
# into bundles that runc-mini runs.  Real images come from a private podman
# (its own storage root under the bats file's tmpdir); each bundle's rootfs
# is compared with podman's own view of the image and its process, seen
# from inside by the probe, with what `podman run` gives.  Hostile images
# are written by tests/integ/mkimage.py, one per attack, and each must be
# refused with nothing written outside the bundle and no bundle left.

load helpers

MKBUNDLE=$TOP/rootfs-tools/mkbundle
MKIMAGE=$TOP/tests/integ/mkimage.py
RLUSER=rmmkbundle

# The private podman: overlay storage (it makes real opaque whiteouts),
# runc as the runtime (crun refuses hybrid cgroup hosts), no network.
pm() {
	CONTAINERS_CONF=$PM/containers.conf CONTAINERS_REGISTRIES_CONF=$PM/registries.conf \
		podman --root "$PM/root" --runroot "$PM/run" --storage-driver overlay --runtime runc "$@"
}

write_podman_conf() {
	local nofile
	nofile=$(ulimit -Hn)
	[ "$nofile" = unlimited ] && nofile=1048576
	mkdir -p "$PM/tmp"
	: >"$PM/registries.conf"
	cat >"$PM/containers.conf" <<EOF
[containers]
netns = "none"
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PM/events.log"
tmp_dir = "$PM/tmp"
[network]
network_config_dir = "$PM/networks"
EOF
}

# A base rootfs with what the comparisons need: busybox and the probe,
# a hard link, a fifo, a device node, set-id and private modes, owners.
make_base_rootfs() {
	local r=$1
	"$TOP/rootfs-tools/busybox-rootfs" "$r" --add "$BUILD/probe:/probe" >/dev/null
	mkdir -p "$r/opt/old/sub" "$r/srv/private"
	echo a >"$r/opt/old/a"
	echo b >"$r/opt/old/sub/b"
	echo motd >"$r/etc/motd"
	echo data >"$r/srv/data"
	ln "$r/srv/data" "$r/srv/data-hardlink"
	mkfifo "$r/srv/fifo"
	mknod "$r/srv/null" c 1 3
	install -m 4755 /dev/null "$r/srv/suid"
	chmod 0750 "$r/srv/private"
	install -o 1000 -g 1000 -m 0600 /dev/null "$r/home/app/owned"
}

setup_file() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	command -v podman >/dev/null || skip "podman is not installed: the image fixtures are built with it"
	command -v runc >/dev/null || skip "runc is not installed: podman run is the reference"
	export PM=$BATS_FILE_TMPDIR/podman FIX=$BATS_FILE_TMPDIR/fix
	mkdir -p "$PM" "$FIX/ctx"
	write_podman_conf
	make_base_rootfs "$FIX/base"
	tar -C "$FIX/base" -cf "$FIX/base.tar" .
	pm import "$FIX/base.tar" localhost/rm-base >/dev/null
	# One RUN rm (a whiteout), one RUN that replaces a directory (an
	# opaque directory on overlay), a named USER with a group, WORKDIR,
	# ENTRYPOINT + CMD, ENV, labels, a stop signal and a volume.
	cat >"$FIX/ctx/Containerfile" <<'EOF'
FROM localhost/rm-base
RUN rm /etc/motd
RUN rm -rf /opt/old && mkdir /opt/old && echo new >/opt/old/new
RUN echo 'appuser:x:1500:2000::/home/appuser:/bin/sh' >>/etc/passwd && echo 'grp2:x:2000:' >>/etc/group && sed -i 's/^audio:x:29:app$/audio:x:29:app,appuser/' /etc/group && mkdir -p /srv/work && chown 1500:2000 /srv/work
USER appuser
WORKDIR /srv/work
ENV GREETING=hello
ENTRYPOINT ["/probe"]
CMD ["all"]
STOPSIGNAL SIGINT
LABEL org.example.k=v
VOLUME /data
EOF
	pm build --isolation chroot -t localhost/rm-app "$FIX/ctx" >/dev/null
	local img
	for img in base app; do
		pm save -o "$FIX/$img-docker.tar" "localhost/rm-$img" >/dev/null 2>&1
		pm save --format oci-archive -o "$FIX/$img-oci.tar" "localhost/rm-$img" >/dev/null 2>&1
	done
	gzip -c "$FIX/app-docker.tar" >"$FIX/app-docker.tar.gz"
	if command -v skopeo >/dev/null; then
		skopeo copy -q "docker-archive:$FIX/app-docker.tar" "oci:$FIX/app-layout:app" >/dev/null
	fi
	pm save -m -o "$FIX/two.tar" localhost/rm-base localhost/rm-app >/dev/null 2>&1
}

# The unprivileged user of the rootless test.  Other test files add and
# remove users at the same time: useradd may find /etc/passwd locked, so
# it is retried, and the user is made where it is needed.
ensure_user() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		id "$RLUSER" >/dev/null 2>&1 && return 0
		useradd -M -s /bin/sh "$RLUSER" 2>/dev/null && return 0
		sleep 0.5
	done
	id "$RLUSER"
}

teardown_file() {
	[ -n "${PM:-}" ] || return 0
	pm image unmount -a >/dev/null 2>&1 || true
	pm rm -af >/dev/null 2>&1 || true
	pm rmi -af >/dev/null 2>&1 || true
	# Whatever the storage still has mounted (overlay layers), then the files.
	grep -o " $PM[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
	rm -rf "$PM"
	userdel "$RLUSER" 2>/dev/null || true
}

setup() {
	B=$BATS_TEST_TMPDIR/bundle
	OUT=$BATS_TEST_TMPDIR/outside
	mkdir -p "$OUT"
	echo precious >"$OUT/victim"
}

teardown() {
	# the fake gzip of the SIGTERM test, should mkbundle have left it
	[ ! -s "$BATS_TEST_TMPDIR/started" ] || kill -KILL "$(cat "$BATS_TEST_TMPDIR/started")" 2>/dev/null || true
	assert_host_clean
}

# Every entry under a tree: path, type, mode, owner, and the content hash,
# link target or device number; directories' sizes (fs-dependent) left out.
tree_list() {
	python3 - "$1" <<'EOF'
import hashlib, os, stat, sys
top = sys.argv[1]
for d, dirs, files in os.walk(top):
    for n in sorted(dirs + files):
        p = os.path.join(d, n)
        st = os.lstat(p)
        rel = os.path.relpath(p, top)
        extra = ""
        if stat.S_ISREG(st.st_mode):
            extra = hashlib.sha256(open(p, "rb").read()).hexdigest()
        elif stat.S_ISLNK(st.st_mode):
            extra = "-> " + os.readlink(p)
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            extra = "%d:%d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
        print(rel, oct(st.st_mode), st.st_uid, st.st_gid, extra)
EOF
}

# Hard links as groups of paths sharing an inode.
tree_links() {
	(cd "$1" && find . -type f -links +1 -printf '%i %p\n' | sort | awk '{print $2}')
}

# podman's own view of an image: its mounted rootfs.
podman_tree() {
	local mnt
	mnt=$(pm image mount "$1")
	tree_list "$mnt"
	pm image unmount "$1" >/dev/null
}

# The keys the probe prints that podman run and runc-mini must agree on.
ids_of() {
	printf '%s\n' "$1" | grep -E '^(uid|gid|euid|egid|groups|cwd)='
}

# mkbundle SOURCE into $B, run it, compare rootfs and process with podman's.
check_against_podman() { # SOURCE IMAGE [ARGS]: ARGS for an image without a command
	local src=$1 img=$2
	shift 2
	run "$MKBUNDLE" ${1:+--args "$*"} "$src" "$B"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -f "$B/config.json" ]
	[ ! -e "$B/.mkbundle-source.tar" ]
	# the rootfs podman sees, entry by entry (podman keeps no bundle-side /data)
	diff <(podman_tree "$img") <(tree_list "$B/rootfs")
	# the process: args (Entrypoint + Cmd run the probe), ids, groups, cwd
	local want got
	want=$(pm run --rm --pull never "$img" "$@")
	run "$RUNC_MINI" "$B"
	echo "$output"
	[ "$status" -eq 0 ]
	got=$output
	[ -n "$(ids_of "$want")" ]
	diff <(ids_of "$want") <(ids_of "$got")
	# the environment (podman adds container= and HOSTNAME= of its own)
	want=$(pm run --rm --pull never --entrypoint /probe "$img" env | grep -v -e '^container=' -e '^HOSTNAME=' | sort)
	jq '.process.args = ["/probe", "env"]' "$B/config.json" >"$B/c" && mv "$B/c" "$B/config.json"
	run "$RUNC_MINI" "$B"
	[ "$status" -eq 0 ]
	diff <(printf '%s\n' "$want") <(printf '%s\n' "$output" | sort)
}

@test "docker-archive (podman save) of a built image: rootfs and process as podman's" {
	check_against_podman "$FIX/app-docker.tar" localhost/rm-app
	# the RUN rm whiteout and the opaque directory took effect
	[ ! -e "$B/rootfs/etc/motd" ]
	[ "$(ls "$B/rootfs/opt/old")" = new ]
}

@test "oci-archive (podman save --format oci-archive, gzip layers): as podman's" {
	check_against_podman "$FIX/app-oci.tar" localhost/rm-app
}

@test "OCI layout (skopeo copy oci:DIR): as podman's" {
	command -v skopeo >/dev/null || skip "skopeo is not installed"
	check_against_podman "$FIX/app-layout" localhost/rm-app
}

@test "gzip'd docker-archive: as podman's, and the unpacked copy is gone" {
	check_against_podman "$FIX/app-docker.tar.gz" localhost/rm-app
}

@test "podman import image (one layer, root): devices, fifo, set-id, owners, hard links kept" {
	check_against_podman "$FIX/base-docker.tar" localhost/rm-base /probe all
	[ -c "$B/rootfs/srv/null" ] && [ -p "$B/rootfs/srv/fifo" ] && [ -u "$B/rootfs/srv/suid" ]
	[ "$(stat -c %u:%g "$B/rootfs/home/app/owned")" = 1000:1000 ]
	[ "$(tree_links "$B/rootfs" | tr '\n' ' ')" = "./srv/data ./srv/data-hardlink " ]
}

@test "image config: StopSignal and Labels are annotations, Volumes tmpfs mounts, the rest is runc-mini spec" {
	run "$MKBUNDLE" "$FIX/app-oci.tar" "$B"
	[ "$status" -eq 0 ]
	[ "$(jq -r '.annotations["org.opencontainers.image.stopSignal"]' "$B/config.json")" = SIGINT ]
	[ "$(jq -r '.annotations["org.example.k"]' "$B/config.json")" = v ]
	[ "$(jq -r '.mounts[] | select(.destination == "/data") | .type' "$B/config.json")" = tmpfs ]
	[ "$(jq -r .root.readonly "$B/config.json")" = false ]
	mkdir "$BATS_TEST_TMPDIR/def"
	"$RUNC_MINI" spec --bundle "$BATS_TEST_TMPDIR/def" </dev/null
	local strip='del(.process.user, .process.args, .process.env, .process.cwd, .process.terminal, .root.readonly, .annotations)'
	diff <(jq -S "$strip" "$BATS_TEST_TMPDIR/def/config.json") \
		<(jq -S "$strip | .mounts |= map(select(.destination != \"/data\"))" "$B/config.json")
	# /data is a tmpfs inside
	jq '.process.args = ["/probe", "mounts"]' "$B/config.json" >"$B/c" && mv "$B/c" "$B/config.json"
	run "$RUNC_MINI" "$B"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -Eq ' /data .* - tmpfs '
}

@test "same input, same bundle: two runs are identical, docker and OCI saves agree" {
	"$MKBUNDLE" "$FIX/app-docker.tar" "$B"
	"$MKBUNDLE" "$FIX/app-docker.tar" "$BATS_TEST_TMPDIR/b2"
	"$MKBUNDLE" "$FIX/app-oci.tar" "$BATS_TEST_TMPDIR/b3"
	cmp "$B/config.json" "$BATS_TEST_TMPDIR/b2/config.json"
	cmp "$B/config.json" "$BATS_TEST_TMPDIR/b3/config.json"
	local mtimes='cd "$0" && find . -printf "%p %T@ %m %U %G\n" | sort'
	diff <(sh -c "$mtimes" "$B/rootfs") <(sh -c "$mtimes" "$BATS_TEST_TMPDIR/b2/rootfs")
	diff <(tree_list "$B/rootfs") <(tree_list "$BATS_TEST_TMPDIR/b3/rootfs")
}

@test "--args --env --user --cwd --readonly override the image, seen from inside" {
	run "$MKBUNDLE" --args '["/probe", "all"]' --env GREETING=bye --env EXTRA=1 --user app:users \
		--cwd /tmp/made --readonly "$FIX/app-docker.tar" "$B"
	[ "$status" -eq 0 ]
	[ "$(jq -r .root.readonly "$B/config.json")" = true ]
	[ -d "$B/rootfs/tmp/made" ]
	run "$RUNC_MINI" "$B"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 1000 ] && [ "$(val gid)" = 100 ] && [ "$(val groups)" = 100 ]
	[ "$(val cwd)" = /tmp/made ]
	jq '.process.args = ["/probe", "env"]' "$B/config.json" >"$B/c" && mv "$B/c" "$B/config.json"
	run "$RUNC_MINI" "$B"
	printf '%s\n' "$output" | grep -qx GREETING=bye
	printf '%s\n' "$output" | grep -qx EXTRA=1
	# words work too; a user the image does not have is an error, and no bundle is left
	rm -rf "$B"
	run "$MKBUNDLE" --args "/probe exit 7" "$FIX/app-docker.tar" "$B"
	[ "$status" -eq 0 ]
	run "$RUNC_MINI" "$B"
	[ "$status" -eq 7 ]
	rm -rf "$B"
	run "$MKBUNDLE" --user nosuch "$FIX/app-docker.tar" "$B"
	[ "$status" -ne 0 ]
	[[ "$output" == *"user nosuch: not found in the image's /etc/passwd"* ]]
	[ ! -e "$B" ]
}

@test "several images in one archive: a clear list, --image picks" {
	run "$MKBUNDLE" "$FIX/two.tar" "$B"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"localhost/rm-base:latest"*"localhost/rm-app:latest"*"--image"* ]]
	[ ! -e "$B" ]
	run "$MKBUNDLE" --image rm-app "$FIX/two.tar" "$B"
	[ "$status" -eq 0 ]
	[ "$(jq -c .process.args "$B/config.json")" = '["/probe","all"]' ]
	run "$MKBUNDLE" --image nosuch "$FIX/two.tar" "$BATS_TEST_TMPDIR/b2"
	[ "$status" -ne 0 ]
	[[ "$output" == *"no image nosuch"* ]]
}

@test "docker export tarball (podman export) and a busybox binary" {
	local id
	id=$(pm create --pull never localhost/rm-app)
	pm export -o "$BATS_TEST_TMPDIR/export.tar" "$id"
	pm rm "$id" >/dev/null
	run "$MKBUNDLE" "$BATS_TEST_TMPDIR/export.tar" "$B"
	[ "$status" -eq 0 ]
	[ "$(jq -c .process.args "$B/config.json")" = '["sh"]' ]
	[ -x "$B/rootfs/probe" ] && [ -d "$B/rootfs/srv/work" ]
	jq '.process.args = ["/probe", "all"]' "$B/config.json" >"$B/c" && mv "$B/c" "$B/config.json"
	run "$RUNC_MINI" "$B"
	[ "$status" -eq 0 ]
	[ -x /bin/busybox ] || skip "no /bin/busybox"
	run "$MKBUNDLE" --args "sh -c 'echo'" /bin/busybox "$BATS_TEST_TMPDIR/bb"
	[ "$status" -eq 0 ]
	jq '.process.args = ["sh", "-c", "echo hello from busybox $(id -u)"]' "$BATS_TEST_TMPDIR/bb/config.json" \
		>"$BATS_TEST_TMPDIR/c" && mv "$BATS_TEST_TMPDIR/c" "$BATS_TEST_TMPDIR/bb/config.json"
	run "$RUNC_MINI" "$BATS_TEST_TMPDIR/bb"
	[ "$status" -eq 0 ]
	[ "$output" = "hello from busybox 0" ]
}

# --- hand-made images ---

# mkimage FORMAT OUT 'LAYERS-JSON' [EXTRA-SPEC-JSON]: one image of those layers.
mkimage() {
	local spec=$BATS_TEST_TMPDIR/spec.json
	jq -n --arg f "$1" --argjson l "$3" --argjson x "${4:-{\}}" \
		'{format: $f, images: [{ref: "t:latest", layers: $l}]} + $x' >"$spec"
	python3 "$MKIMAGE" "$spec" "$2"
}

# The attack must fail naming $2, leave no bundle and not touch $OUT.
refused() { # [OPTION...] IMAGE WHAT
	local before what=${*: -1}
	before=$(tree_list "$OUT")
	run "$MKBUNDLE" "${@:1:$#-1}" "$B"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"$what"* ]]
	[ ! -e "$B" ]
	[ "$(tree_list "$OUT")" = "$before" ]
	[ "$(cat "$OUT/victim")" = precious ]
	[ "$(find "$OUT" -mindepth 1 | wc -l)" -eq 1 ]
}

@test "hostile: absolute member name" {
	mkimage docker "$BATS_TEST_TMPDIR/i.tar" "[[{\"name\": \"$OUT/abs\", \"data\": \"x\"}]]"
	refused "$BATS_TEST_TMPDIR/i.tar" "\"$OUT/abs\": absolute name"
}

@test "hostile: .. in a member name" {
	mkimage docker "$BATS_TEST_TMPDIR/i.tar" '[[{"name": "a/../../../outside/dotdot", "data": "x"}]]'
	refused "$BATS_TEST_TMPDIR/i.tar" '"a/../../../outside/dotdot": absolute name or ".." component: refused'
}

@test "hostile: a file written through a symlink of the same layer" {
	mkimage docker "$BATS_TEST_TMPDIR/i.tar" \
		"[[{\"name\": \"esc\", \"type\": \"symlink\", \"link\": \"$OUT\"}, {\"name\": \"esc/pwned\", \"data\": \"x\"}]]"
	refused "$BATS_TEST_TMPDIR/i.tar" '"esc/pwned": /esc is a symlink: refusing to write through it'
}

@test "hostile: a file written through a symlink of an earlier layer (relative link)" {
	mkimage oci "$BATS_TEST_TMPDIR/i" \
		'[[{"name": "d", "type": "dir"}, {"name": "d/esc", "type": "symlink", "link": "../../../outside"}],
		  [{"name": "d/esc/pwned", "data": "x"}]]'
	refused "$BATS_TEST_TMPDIR/i" '"d/esc/pwned": /d/esc is a symlink'
}

@test "hostile: hard links to outside the rootfs (.., absolute, through a symlink)" {
	mkimage docker "$BATS_TEST_TMPDIR/i1.tar" '[[{"name": "hl", "type": "hardlink", "link": "../../outside/victim"}]]'
	refused "$BATS_TEST_TMPDIR/i1.tar" 'hard link to "../../outside/victim" points outside the rootfs'
	mkimage docker "$BATS_TEST_TMPDIR/i2.tar" "[[{\"name\": \"hl\", \"type\": \"hardlink\", \"link\": \"$OUT/victim\"}]]"
	refused "$BATS_TEST_TMPDIR/i2.tar" "hard link to \"$OUT/victim\" points outside the rootfs"
	mkimage docker "$BATS_TEST_TMPDIR/i3.tar" \
		"[[{\"name\": \"esc\", \"type\": \"symlink\", \"link\": \"$OUT\"}, {\"name\": \"hl\", \"type\": \"hardlink\", \"link\": \"esc/victim\"}]]"
	refused "$BATS_TEST_TMPDIR/i3.tar" 'hard link target esc/victim: /esc is a symlink'
	[ "$(stat -c %h "$OUT/victim")" = 1 ]
}

@test "hostile: whiteouts outside the rootfs (.., through a symlink, opaque through a symlink)" {
	mkimage docker "$BATS_TEST_TMPDIR/i1.tar" '[[{"name": "../../outside/.wh.victim"}]]'
	refused "$BATS_TEST_TMPDIR/i1.tar" '"../../outside/.wh.victim": absolute name or ".." component'
	mkimage docker "$BATS_TEST_TMPDIR/i2.tar" \
		"[[{\"name\": \"esc\", \"type\": \"symlink\", \"link\": \"$OUT\"}], [{\"name\": \"esc/.wh.victim\"}]]"
	refused "$BATS_TEST_TMPDIR/i2.tar" '"esc/.wh.victim": /esc is a symlink'
	mkimage docker "$BATS_TEST_TMPDIR/i3.tar" \
		"[[{\"name\": \"esc\", \"type\": \"symlink\", \"link\": \"$OUT\"}], [{\"name\": \"esc/.wh..wh..opq\"}]]"
	refused "$BATS_TEST_TMPDIR/i3.tar" '"esc/.wh..wh..opq": /esc is a symlink'
}

@test "hostile: a layer whose sha256 does not match its digest is refused before anything is applied" {
	local layers='[[{"name": "first", "data": "1"}], [{"name": "second", "data": "2"}]]'
	mkimage oci "$BATS_TEST_TMPDIR/i" "$layers" '{"corrupt_layer": 1}'
	refused "$BATS_TEST_TMPDIR/i" "does not match its digest"
	[[ "$output" == *"blobs/sha256/"* ]]
	mkimage docker "$BATS_TEST_TMPDIR/i.tar" "$layers" '{"corrupt_layer": 0}'
	refused "$BATS_TEST_TMPDIR/i.tar" "does not match its digest sha256:"
	[[ "$output" == *"(rootfs.diff_ids)"* ]]
}

@test "hostile: truncated archive, zstd layer, bad gzip" {
	mkimage docker "$BATS_TEST_TMPDIR/i.tar" '[[{"name": "f", "data": "1"}]]' '{"truncate": 3000}'
	refused "$BATS_TEST_TMPDIR/i.tar" "i.tar: unexpected end of data (truncated archive)"
	mkimage oci "$BATS_TEST_TMPDIR/z" '[[{"name": "f", "data": "1"}]]' '{"zstd": true}'
	refused "$BATS_TEST_TMPDIR/z" "zstd-compressed layers are not supported"
	printf '\037\213garbage' >"$BATS_TEST_TMPDIR/bad.gz"
	refused "$BATS_TEST_TMPDIR/bad.gz" "gzip -dc failed"
}

@test "whiteouts and opaque directories of hand-made layers" {
	mkimage oci "$BATS_TEST_TMPDIR/i" \
		'[[{"name": "keep", "data": "k"}, {"name": "gone", "data": "g"}, {"name": "dir", "type": "dir"},
		   {"name": "dir/lower", "data": "l"}, {"name": "dir/sub", "type": "dir"}, {"name": "dir/sub/deep", "data": "d"}],
		  [{"name": "dir/sub", "type": "dir", "mode": 448}, {"name": "dir/upper", "data": "u"}, {"name": "dir/.wh..wh..opq"},
		   {"name": ".wh.gone"}, {"name": ".wh.nonexistent"}]]'
	run "$MKBUNDLE" "$BATS_TEST_TMPDIR/i" "$B"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(cd "$B/rootfs" && find . -mindepth 1 | sort | tr '\n' ' ')" = "./dir ./dir/sub ./dir/upper ./keep " ]
	[ "$(stat -c %a "$B/rootfs/dir/sub")" = 700 ]
}

# A hand-made index: two platforms, each image says which it is.
plat_index() {
	local spec=$BATS_TEST_TMPDIR/spec.json
	jq -n '{format: "oci", images: [
		{platform: "linux/amd64", layers: [[{name: "plat", data: "amd64"}]]},
		{platform: "linux/arm64/v8", layers: [[{name: "plat", data: "arm64"}]]},
		{platform: "linux/arm/v7", layers: [[{name: "plat", data: "armv7"}]]}]}' >"$spec"
	python3 "$MKIMAGE" "$spec" "$1"
}

@test "multi-platform index: --platform picks, the default is this machine, a missing one is a clear error" {
	plat_index "$BATS_TEST_TMPDIR/idx"
	run "$MKBUNDLE" --platform linux/arm64 "$BATS_TEST_TMPDIR/idx" "$B"
	[ "$status" -eq 0 ]
	[ "$(cat "$B/rootfs/plat")" = arm64 ]
	run "$MKBUNDLE" --platform linux/arm/v7 "$BATS_TEST_TMPDIR/idx" "$BATS_TEST_TMPDIR/b2"
	[ "$status" -eq 0 ]
	[ "$(cat "$BATS_TEST_TMPDIR/b2/rootfs/plat")" = armv7 ]
	if [ "$(uname -m)" = x86_64 ]; then
		run "$MKBUNDLE" "$BATS_TEST_TMPDIR/idx" "$BATS_TEST_TMPDIR/b3"
		[ "$status" -eq 0 ]
		[ "$(cat "$BATS_TEST_TMPDIR/b3/rootfs/plat")" = amd64 ]
	fi
	run "$MKBUNDLE" --platform linux/s390x "$BATS_TEST_TMPDIR/idx" "$BATS_TEST_TMPDIR/b4"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"no image for platform linux/s390x"*"the index offers: linux/amd64, linux/arm64/v8, linux/arm/v7"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/b4" ]
}

@test "--platform against an image's own config: a docker-archive or a single manifest for another platform" {
	jq -n '{format: "docker", images: [{ref: "t:latest", platform: "linux/arm64", layers: [[{name: "f", data: "1"}]]}]}' \
		>"$BATS_TEST_TMPDIR/spec.json"
	python3 "$MKIMAGE" "$BATS_TEST_TMPDIR/spec.json" "$BATS_TEST_TMPDIR/d.tar"
	refused --platform linux/amd64 "$BATS_TEST_TMPDIR/d.tar" "d.tar: the image is for linux/arm64, not linux/amd64"
	if [ "$(uname -m)" = x86_64 ]; then
		run "$MKBUNDLE" "$BATS_TEST_TMPDIR/d.tar" "$B"
		[ "$status" -eq 0 ]
		[ "$output" = "mkbundle: warning: the image is for linux/arm64, this machine is linux/amd64" ]
		rm -rf "$B"
	fi
	jq '.format = "oci-archive" | .images[0].desc_platform = false' "$BATS_TEST_TMPDIR/spec.json" >"$BATS_TEST_TMPDIR/s2.json"
	python3 "$MKIMAGE" "$BATS_TEST_TMPDIR/s2.json" "$BATS_TEST_TMPDIR/o.tar"
	run "$MKBUNDLE" --platform linux/amd64 "$BATS_TEST_TMPDIR/o.tar" "$B"
	[ "$status" -ne 0 ]
	[[ "$output" == *"o.tar: the image is for linux/arm64, not linux/amd64"* ]]
	[ ! -e "$B" ]
	run "$MKBUNDLE" --platform linux/arm64 "$BATS_TEST_TMPDIR/o.tar" "$B"
	[ "$status" -eq 0 ]
}

@test "a bundle directory that already holds a bundle is left alone" {
	mkdir -p "$B/rootfs"
	echo mine >"$B/config.json"
	run "$MKBUNDLE" "$FIX/base-docker.tar" "$B"
	[ "$status" -ne 0 ]
	[[ "$output" == *"already holds a bundle"* ]]
	[ "$(cat "$B/config.json")" = mine ] && [ -d "$B/rootfs" ]
}

@test "--rootless as a non-root user: devices skipped with a warning, the bundle runs" {
	jq -n --arg p "$BUILD/probe" '{format: "docker", images: [{ref: "t:latest", config: {Cmd: ["/probe", "all"]},
		layers: [[{name: "probe", src: $p, mode: 493, uid: 1000}, {name: "dev", type: "dir"},
		          {name: "dev/null", type: "chr"}, {name: "tmp", type: "dir", mode: 1023}]]}]}' >"$BATS_TEST_TMPDIR/spec.json"
	python3 "$MKIMAGE" "$BATS_TEST_TMPDIR/spec.json" "$BATS_TEST_TMPDIR/i.tar"
	ensure_user
	local d=$BATS_TEST_TMPDIR/rl
	mkdir -p "$d/xdg"
	cp "$RUNC_MINI" "$TOP/runc-mini-image" "$BATS_TEST_TMPDIR/i.tar" "$d/"
	cp "$MKBUNDLE" "$d/mkbundle"
	chown -R "$RLUSER" "$d"
	chmod 755 "$d"
	local p=$d
	while [ "$p" != / ]; do chmod a+x "$p"; p=$(dirname "$p"); done
	run setpriv --reuid="$RLUSER" --regid="$RLUSER" --init-groups --reset-env \
		env PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$d/xdg" sh -c 'cd "$0" && ./mkbundle --rootless i.tar b && ./runc-mini b' "$d"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: skipped 1 device node(s)"* ]]
	[ "$(val uid)" = 0 ]
	[ "$(stat -c %U "$d/b/rootfs/probe")" = "$RLUSER" ]
	[ "$(stat -c %a "$d/b/rootfs/tmp")" = 1777 ]
	[ "$(jq -r '.linux.uidMappings[0].hostID' "$d/b/config.json")" = "$(id -u "$RLUSER")" ]
}

@test "directories no member names (parents, WorkingDir) get the same mode and time every run" {
	mkimage docker "$BATS_TEST_TMPDIR/i.tar" '[]' \
		'{"images": [{"ref": "t:latest", "config": {"WorkingDir": "/srv/w/deep"},
		             "layers": [[{"name": "x/y/file", "data": "f"}, {"name": "srv", "type": "dir", "mtime": 5}]]}]}'
	"$MKBUNDLE" "$BATS_TEST_TMPDIR/i.tar" "$B"
	"$MKBUNDLE" "$BATS_TEST_TMPDIR/i.tar" "$BATS_TEST_TMPDIR/b2"
	local list='cd "$0" && find . -printf "%p %T@ %m\n" | sort'
	diff <(sh -c "$list" "$B/rootfs") <(sh -c "$list" "$BATS_TEST_TMPDIR/b2/rootfs")
	[ "$(stat -c %Y "$B/rootfs/srv")" = 5 ]
	[ "$(stat -c %Y%a "$B/rootfs/srv/w/deep")" = 0755 ]
	[ "$(stat -c %Y%a "$B/rootfs/x")" = 0755 ]
	[ "$(jq -r .process.cwd "$B/config.json")" = /srv/w/deep ]
}

@test "a progress line on a tty for big layers, nothing when stderr is not a tty" {
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	head -c 20000000 /dev/urandom >"$BATS_TEST_TMPDIR/big"
	jq -n --arg b "$BATS_TEST_TMPDIR/big" '{format: "oci", gzip: true,
		images: [{ref: "t:latest", layers: [[{name: "big", src: $b}]]}]}' >"$BATS_TEST_TMPDIR/spec.json"
	python3 "$MKIMAGE" "$BATS_TEST_TMPDIR/spec.json" "$BATS_TEST_TMPDIR/i"
	run script -qec "$MKBUNDLE $BATS_TEST_TMPDIR/i $B" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"mkbundle: verifying layer 1: 16/19 MiB"* ]]
	[[ "$output" == *"mkbundle: layer 1 (blobs/sha256/"*"): 16 MiB"* ]]
	cmp "$BATS_TEST_TMPDIR/big" "$B/rootfs/big"
	rm -rf "$B"
	run "$MKBUNDLE" "$BATS_TEST_TMPDIR/i" "$B"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "file capabilities (PAX SCHILY.xattr.security.capability) are kept and work inside" {
	# VFS_CAP_REVISION_2 | effective, permitted = CAP_NET_RAW (13)
	local cap=0100000200200000000000000000000000000000
	jq -n --arg p "$BUILD/probe" --arg c "$cap" '{format: "docker", images: [{ref: "t:latest",
		config: {Cmd: ["/probe", "all"], User: "1000"},
		layers: [[{name: "probe", src: $p, mode: 493, xattrs: {"security.capability": $c, "user.note": "6869"}}]]}]}' \
		>"$BATS_TEST_TMPDIR/spec.json"
	python3 "$MKIMAGE" "$BATS_TEST_TMPDIR/spec.json" "$BATS_TEST_TMPDIR/i.tar"
	run "$MKBUNDLE" "$BATS_TEST_TMPDIR/i.tar" "$B"
	[ "$status" -eq 0 ]
	[ "$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "security.capability").hex())' "$B/rootfs/probe")" = "$cap" ]
	[ "$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.note").decode())' "$B/rootfs/probe")" = hi ]
	# uid 1000 gains CAP_NET_RAW from the file alone (no_new_privs would forbid it)
	jq '.process.noNewPrivileges = false | .process.capabilities.bounding += ["CAP_NET_RAW"]' "$B/config.json" >"$B/c"
	mv "$B/c" "$B/config.json"
	run "$RUNC_MINI" "$B"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val uid)" = 1000 ]
	[ $(( 0x$(val capprm) & (1 << 13) )) -ne 0 ]
	[ $(( 0x$(val capeff) & (1 << 13) )) -ne 0 ]
}

@test "SIGTERM while a layer is read: no bundle left, no gzip left" {
	mkimage docker "$BATS_TEST_TMPDIR/i.tar" '[[{"name": "f", "data": "1"}]]' '{"gzip": true}'
	# A gzip that never answers: it says it started, then sleeps.
	local fake=$BATS_TEST_TMPDIR/fakebin
	mkdir -p "$fake"
	ln -s "$(command -v sleep)" "$fake/snooze"
	printf '#!/bin/sh\necho $$ >"%s/started"\nexec "%s/snooze" 1000\n' "$BATS_TEST_TMPDIR" "$fake" >"$fake/gzip"
	chmod +x "$fake/gzip"
	# (fd 3 closed: bats would wait for a leftover gzip holding it)
	PATH=$fake:$PATH "$MKBUNDLE" "$BATS_TEST_TMPDIR/i.tar" "$B" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	local pid=$! i
	for i in $(seq 200); do [ -s "$BATS_TEST_TMPDIR/started" ] && break; sleep 0.05; done
	[ -s "$BATS_TEST_TMPDIR/started" ]
	[ -d "$B/rootfs" ]
	kill -TERM "$pid"
	local rc=0
	wait "$pid" || rc=$?
	cat "$BATS_TEST_TMPDIR/err"
	[ "$rc" -eq 1 ]
	grep -q "interrupted by a signal" "$BATS_TEST_TMPDIR/err"
	[ ! -e "$B" ]
	run kill -0 "$(cat "$BATS_TEST_TMPDIR/started")"
	[ "$status" -ne 0 ]
}
