#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# process.env as the process sees it (`/probe env`, environ order), and
# socket activation (LISTEN_FDS), as runc passes them.

load helpers

setup() {
	make_bundle
}
teardown() { assert_host_clean; }

@test "a variable listed twice is set once, to its last value (runc)" {
	cfg '.process.env = ["PATH=/bin", "A=1", "B=2", "A=3"] | .process.args = ["/probe", "env"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^A=')" -eq 1 ]
	[ "$(val A)" = 3 ]
	[ "$(val B)" = 2 ]
}

# Run runc-mini from a shell that opens fds 3..(2+$1) (and no others above
# 2), with LISTEN_FDS=$2 and LISTEN_PID=$3 ("self": the runtime's pid, which
# is the shell's: it execs runc-mini).  Remaining args go to runc-mini.
run_activated() {
	local open=$1 n=$2 owner=$3
	shift 3
	run sh -c '
		open=$1 n=$2 owner=$3; shift 3
		for fd in 3 4 5 6 7 8 9; do eval "exec $fd>&-"; done
		fd=3; while [ $fd -lt $((3 + open)) ]; do eval "exec $fd</dev/null"; fd=$((fd + 1)); done
		[ "$owner" = self ] && owner=$$
		LISTEN_PID=$owner LISTEN_FDS=$n exec "$@"' sh "$open" "$n" "$owner" "$RUNC_MINI" "$@"
}

@test "socket activation: the LISTEN_FDS fds go into the container, LISTEN_PID=1 there (runc)" {
	cfg '.process.args = ["/bin/sh", "-c", "/probe fds; /probe env"]'
	run_activated 2 2 self "$BUNDLE"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val fds)" = 0,1,2,3,4 ]
	[ "$(val LISTEN_FDS)" = 2 ]
	[ "$(val LISTEN_PID)" = 1 ]
	# --preserve-fds counts on after them
	run_activated 3 1 self run --preserve-fds 1 --bundle "$BUNDLE" "la-$$"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val fds)" = 0,1,2,3,4 ]
	[ "$(val LISTEN_FDS)" = 1 ]
}

@test "socket activation meant for another process passes nothing" {
	cfg '.process.args = ["/bin/sh", "-c", "/probe fds; /probe env"]'
	run_activated 2 2 1 "$BUNDLE"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val fds)" = 0,1,2 ]
	! printf '%s\n' "$output" | grep -q '^LISTEN_'
}

@test "socket activation: an fd that is not open is refused, not replaced by one of ours" {
	run_activated 1 2 self "$BUNDLE"
	assert_one_line_error
	[ "$output" = "LISTEN_FDS=2: fd 4: bad file descriptor" ]
}
