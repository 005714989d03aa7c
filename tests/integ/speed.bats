#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# What the fast paths leave out, and what they keep (doc/performance.md).
# Behaviour only, from the syscalls made (strace) and what the container
# sees: no timing here, that is tests/bench's job.

load helpers

setup() {
	make_bundle
	command -v strace >/dev/null || skip "needs strace"
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=speed-$$-$BATS_TEST_NUMBER
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

# fsyncs_of FILE: the files fsync'ed in an strace -y log, sorted.
fsyncs_of() { grep -oE 'fsync\([0-9]+<[^>]*>' "$1" | sed 's/.*<//; s/>$//; s|.*/||' | sort | tr '\n' ' '; }

@test "a foreground run does not fsync its state files; create fsyncs the config and its final record" {
	cfg '.process.args = ["/bin/true"]'
	strace -f -y -qq -e trace=fsync -o "$BATS_TEST_TMPDIR/run.st" \
		"$RUNC_MINI" --root "$ROOT" run --bundle "$BUNDLE" "$RM_ID" </dev/null
	run fsyncs_of "$BATS_TEST_TMPDIR/run.st"
	echo "run: $output"
	[ -z "$output" ]
	[ ! -e "$ROOT/$RM_ID" ]

	# not -f: strace would wait for the init, which waits for start
	strace -y -qq -e trace=fsync -o "$BATS_TEST_TMPDIR/create.st" \
		"$RUNC_MINI" --root "$ROOT" create --bundle "$BUNDLE" "$RM_ID" </dev/null
	run fsyncs_of "$BATS_TEST_TMPDIR/create.st"
	echo "create: $output"
	[ "$output" = "config.json.tmp state.json.tmp " ]
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID"
}

@test "a run opens files with openat: no fcntl(FD_CLOEXEC) after musl's open(), except opendir's" {
	cfg '.process.args = ["/bin/true"]'
	strace -f -qq -e trace=open,fcntl -o "$BATS_TEST_TMPDIR/run.st" \
		"$RUNC_MINI" --root "$ROOT" --log "$BATS_TEST_TMPDIR/log" run --bundle "$BUNDLE" "$RM_ID" </dev/null
	cat "$BATS_TEST_TMPDIR/run.st"
	# The container's own process (/bin/true) makes none of these.
	run grep -E ' open\(' "$BATS_TEST_TMPDIR/run.st"
	[ -z "$(printf '%s\n' "$output" | grep -v O_DIRECTORY)" ]
	local dirs=${#lines[@]}
	[ "$(grep -c 'F_SETFD, FD_CLOEXEC' "$BATS_TEST_TMPDIR/run.st")" -eq "$dirs" ]
}

@test "before execve only the ignored signals and SIGPIPE are reset, not one rt_sigaction per signal" {
	cfg '.process.args = ["/bin/true"]'
	cc -O1 -o "$BATS_TEST_TMPDIR/ignsig" "$TOP/tests/integ/ignsig.c"
	# The caller's own ignored signals are inherited too: count them.
	local ign n=0 i
	ign=$(awk '/^SigIgn:/ { print $2 }' /proc/$BASHPID/status)
	for ((i = 0; i < 64; i++)); do ((16#$ign >> i & 1)) && ((n++)) || true; done
	"$BATS_TEST_TMPDIR/ignsig" 15 40 -- strace -f -qq -e trace=rt_sigaction -o "$BATS_TEST_TMPDIR/run.st" \
		"$RUNC_MINI" --root "$ROOT" run --bundle "$BUNDLE" "$RM_ID" </dev/null
	cat "$BATS_TEST_TMPDIR/run.st"
	grep -q 'rt_sigaction(SIGTERM, {sa_handler=SIG_DFL' "$BATS_TEST_TMPDIR/run.st"
	grep -q 'rt_sigaction(SIGRT_8, {sa_handler=SIG_DFL' "$BATS_TEST_TMPDIR/run.st"
	grep -q 'rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL' "$BATS_TEST_TMPDIR/run.st"
	[ "$(grep -c 'sa_handler=SIG_DFL' "$BATS_TEST_TMPDIR/run.st")" -le $((n + 3)) ]
}

@test "a foreground run's state is still complete while it runs" {
	cfg '.process.args = ["/bin/sleep", "60"]'
	"$RUNC_MINI" --root "$ROOT" run --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1 &
	local bg=$! i
	for ((i = 0; i < 100; i++)); do
		[ "$("$RUNC_MINI" --root "$ROOT" state "$RM_ID" 2>/dev/null | jq -r .status)" = running ] && break
		sleep 0.1
	done
	run "$RUNC_MINI" --root "$ROOT" state "$RM_ID"
	echo "$output"
	[ "$(jq -r .status <<<"$output")" = running ]
	[ "$(jq -r .bundle <<<"$output")" = "$BUNDLE" ]
	cmp "$BUNDLE/config.json" "$ROOT/$RM_ID/config.json"
	"$RUNC_MINI" --root "$ROOT" kill "$RM_ID" KILL
	wait "$bg" || true
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "the v1 cgroup layout in the container: each hierarchy from one fd of its tmpfs, no walk from the rootfs" {
	[ -d /sys/fs/cgroup/memory ] || skip "no v1 cgroup hierarchies on this host"
	cfg '.process.args = ["/probe", "mounts"]'
	strace -f -qq -e trace=openat,openat2,mkdirat -o "$BATS_TEST_TMPDIR/run.st" \
		"$RUNC_MINI" --root "$ROOT" run --bundle "$BUNDLE" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out"
	# the layout is there, read-only (mountinfo: ID PARENT DEV ROOT MOUNTPOINT OPTIONS)
	awk '$5 == "/sys/fs/cgroup/memory" && $6 ~ /^ro/ { f = 1 } END { exit !f }' "$BATS_TEST_TMPDIR/out"
	awk '$5 == "/sys/fs/cgroup/pids" && $6 ~ /^ro/ { f = 1 } END { exit !f }' "$BATS_TEST_TMPDIR/out"
	run grep -cE 'openat2?\([0-9]+, "/?sys/fs/cgroup/' "$BATS_TEST_TMPDIR/run.st"
	echo "walks to a hierarchy: $output"
	[ "$output" = 0 ]
	run grep -cE 'mkdirat\([0-9]+, "(memory|pids|cpu|devices)"' "$BATS_TEST_TMPDIR/run.st"
	[ "$output" -ge 1 ]
}
