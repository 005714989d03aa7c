#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# Who may touch the state directory (src/state_perm.c): modes set
# explicitly whatever the umask, exec.fifo only for the container's root,
# and a --root that no other user can redirect.

load helpers
load userns

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=perm-$$-$BATS_TEST_NUMBER
	cfg '.process.args = ["/probe", "all"]'
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

mode_owner() { stat -c '%a %u:%g %F' "$1"; }

@test "with umask 000: the state root is 0700, state files keep their modes, exec.fifo is 0600" {
	(umask 000 && rm_ create --bundle "$BUNDLE" --pid-file "$BATS_TEST_TMPDIR/pid" "$RM_ID" \
		</dev/null >/dev/null 2>&1)
	local d=$ROOT/$RM_ID
	ls -la "$ROOT" "$d" >&2
	[ "$(mode_owner "$ROOT")" = "700 0:0 directory" ]
	[ "$(mode_owner "$d")" = "711 0:0 directory" ]
	[ "$(mode_owner "$d/exec.fifo")" = "600 0:0 fifo" ]
	[ "$(mode_owner "$d/state.json")" = "600 0:0 regular file" ]
	[ "$(mode_owner "$d/config.json")" = "600 0:0 regular file" ]
	local f
	for f in "$d"/*; do   # nothing in the state dir is writable by group or others
		[ $(( 8#$(stat -c %a "$f") & 022 )) = 0 ] || { echo "$f: $(mode_owner "$f")" >&2; return 1; }
	done
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/pid")" = 644 ]
	# and the container still starts
	rm_ start "$RM_ID"
	[ "$(rm_ state "$RM_ID" | jq -r .status)" != created ]
}

@test "another user can neither open exec.fifo nor start the container" {
	(umask 000 && rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1)
	# even if every directory up to the fifo were searchable (bats makes
	# its own 0700)
	local d=$ROOT
	while [ "$d" != / ]; do chmod a+x "$d"; d=$(dirname "$d"); done
	run setpriv --reuid 1000 --regid 1000 --clear-groups "$BUILD/probe" open "$ROOT/$RM_ID/exec.fifo"
	[ "$output" = open=EACCES ]
	# nor for writing (non-blocking: ENXIO would mean "allowed, no reader yet")
	run setpriv --reuid 1000 --regid 1000 --clear-groups /usr/bin/python3 -c '
import os, sys
try:
    os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK); print("write=ok")
except OSError as e:
    print("write=" + (e.strerror or ""))' "$ROOT/$RM_ID/exec.fifo"
	echo "$output"
	[ "$output" = "write=Permission denied" ]
	run setpriv --reuid 1000 --regid 1000 --clear-groups "$RUNC_MINI" --root "$ROOT" start "$RM_ID"
	[ "$status" -ne 0 ]
	[ "$(rm_ state "$RM_ID" | jq -r .status)" = created ]
}

@test "exec.fifo belongs to a user namespace's root, with umask 000" {
	userns_bundle 100000
	(umask 000 && rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1)
	[ "$(mode_owner "$ROOT/$RM_ID/exec.fifo")" = "600 100000:100000 fifo" ]
	[ "$(mode_owner "$ROOT")" = "700 0:0 directory" ]
	# the init, uid 100000 on the host, opens it through the 0700 root
	rm_ start "$RM_ID"
	local i
	for i in $(seq 200); do
		[ "$(rm_ state "$RM_ID" | jq -r .status)" = stopped ] && break
		sleep 0.05
	done
	[ "$(rm_ state "$RM_ID" | jq -r .status)" = stopped ]
}

@test "an existing state root is brought to 0700" {
	mkdir -m 0755 "$ROOT"
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	[ "$(stat -c %a "$ROOT")" = 700 ]
}

@test "--root: a symlink, or a path another user can change, is refused" {
	mkdir -m 0700 "$BATS_TEST_TMPDIR/real"
	ln -s real "$BATS_TEST_TMPDIR/link"
	run "$RUNC_MINI" --root "$BATS_TEST_TMPDIR/link" run --bundle "$BUNDLE" "$RM_ID"
	assert_one_line_error
	[[ "$output" == *"--root $BATS_TEST_TMPDIR/link: is a symlink; give the real directory"* ]]
	[ -z "$(ls "$BATS_TEST_TMPDIR/real")" ]
	run "$RUNC_MINI" --root "$BATS_TEST_TMPDIR/link" list
	assert_one_line_error

	# a parent writable by everyone, without the sticky bit
	mkdir -m 0777 "$BATS_TEST_TMPDIR/open"
	chmod 0777 "$BATS_TEST_TMPDIR/open"
	run "$RUNC_MINI" --root "$BATS_TEST_TMPDIR/open/state" run --bundle "$BUNDLE" "$RM_ID"
	assert_one_line_error
	[[ "$output" == *"$BATS_TEST_TMPDIR/open can be changed by another user (owner 0, mode 0777)"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/open/state" ]

	# a parent owned by another user
	mkdir -m 0755 "$BATS_TEST_TMPDIR/theirs"
	chown 1000:1000 "$BATS_TEST_TMPDIR/theirs"
	run "$RUNC_MINI" --root "$BATS_TEST_TMPDIR/theirs/state" run --bundle "$BUNDLE" "$RM_ID"
	assert_one_line_error
	[[ "$output" == *"$BATS_TEST_TMPDIR/theirs can be changed by another user (owner 1000, mode 0755)"* ]]
	run "$RUNC_MINI" --root "$BATS_TEST_TMPDIR/theirs" state "$RM_ID"
	assert_one_line_error
	[[ "$output" == *"can be changed by another user"* ]]

	# sticky and world-writable (as /tmp) is fine
	mkdir -m 1777 "$BATS_TEST_TMPDIR/sticky"
	chmod 1777 "$BATS_TEST_TMPDIR/sticky"
	ROOT=$BATS_TEST_TMPDIR/sticky/state
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
}
