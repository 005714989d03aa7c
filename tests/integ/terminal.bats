#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# process.terminal: a pty from the container's devpts, proxied to the caller.

load helpers

setup() { make_bundle; cfg '.process.terminal = true'; }
teardown() { assert_host_clean; }

@test "with a terminal the process has a pty as its controlling tty" {
	run script -qfec "'$RUNC_MINI' '$BUNDLE'" /dev/null
	[ "$status" -eq 0 ]
	output=$(printf '%s' "$output" | tr -d '\r')
	[ "$(val tty)" = 1 ]
	[ "$(val ttyname)" = /dev/pts/0 ]
}

@test "the terminal is proxied when the caller has no tty" {
	cfg '.process.args = ["/bin/sh", "-c", "read line; echo got:$line; /probe all"]'
	run bash -c "echo typed | '$RUNC_MINI' '$BUNDLE'"
	[ "$status" -eq 0 ]
	output=$(printf '%s' "$output" | tr -d '\r')
	[[ "$output" == *"got:typed"* ]]
	[ "$(val tty)" = 1 ]
}

@test "/dev/console is the container's terminal" {
	cfg '.process.args = ["/bin/sh", "-c", "echo hello >/dev/console; /probe stat /dev/console"]'
	run bash -c "'$RUNC_MINI' '$BUNDLE' </dev/null"
	[ "$status" -eq 0 ]
	output=$(printf '%s' "$output" | tr -d '\r')
	[[ "$output" == *hello* ]]
	[ "$(val rdev)" = 136:0 ]
}

@test "consoleSize sets the window size" {
	cfg '.process.consoleSize = {"height": 33, "width": 101} | .process.args = ["/bin/stty", "size"]'
	run bash -c "'$RUNC_MINI' '$BUNDLE' </dev/null"
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | tr -d '\r')" = "33 101" ]
}

@test "the caller's terminal settings are restored after the run" {
	run script -qfec "stty -g; '$RUNC_MINI' '$BUNDLE' >/dev/null; stty -g" /dev/null
	[ "$status" -eq 0 ]
	output=$(printf '%s' "$output" | tr -d '\r')
	[ "${lines[0]}" = "${lines[1]}" ]
}

@test "the exit status comes back through a terminal" {
	cfg '.process.args = ["/probe", "exit", "7"]'
	run bash -c "'$RUNC_MINI' '$BUNDLE' </dev/null"
	[ "$status" -eq 7 ]
}

# go-runc (containerd's shim, hence docker) reads create's stdout and stderr
# through a pipe to EOF when there is a console socket: a process of the
# container that kept them open made create never end, and start never came.
@test "create --console-socket: no process of the container keeps create's stdio" {
	local root="$BATS_TEST_TMPDIR/state" id="tty-$$" out="$BATS_TEST_TMPDIR/create.out"
	cfg '.process.args = ["/bin/sh", "-c", "read l; echo got:$l; /probe all"]'
	python3 "$TOP/tests/integ/recvtty.py" "$BATS_TEST_TMPDIR/sock" typed 5 >"$BATS_TEST_TMPDIR/tty.out" 2>&1 &
	local peer=$!
	for _ in $(seq 100); do [ -e "$BATS_TEST_TMPDIR/sock.ready" ] && break; sleep 0.05; done
	"$RUNC_MINI" --root "$root" create --bundle "$BUNDLE" --console-socket "$BATS_TEST_TMPDIR/sock" "$id" \
		</dev/null >"$out" 2>&1 || { kill "$peer"; cat "$out"; false; }
	local holders; holders=$(find /proc/[0-9]*/fd -lname "$out" 2>/dev/null || true)
	if [ -n "$holders" ]; then
		echo "create's stdout is still open: $holders"
		"$RUNC_MINI" --root "$root" delete --force "$id"
		kill "$peer"
		false
	fi
	"$RUNC_MINI" --root "$root" start "$id"
	wait "$peer" || true
	"$RUNC_MINI" --root "$root" delete --force "$id"
	grep -q 'got:typed' "$BATS_TEST_TMPDIR/tty.out"
	grep -q 'tty=1' "$BATS_TEST_TMPDIR/tty.out"
}
