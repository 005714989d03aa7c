# SPDX-License-Identifier: Apache-2.0
# Assertions shared by podman.bats, containerd.bats and docker.bats.
# bats sets status and output; the .bats files use the variables set here.
# shellcheck disable=SC2154,SC2034
# shellcheck source=lib.bash
. "$BATS_TEST_DIRNAME/lib.bash"

# A long-running container command that exits 42 on SIGTERM (a shell as
# pid 1 gets no default action for TERM, so a trap proves delivery).
TRAP42='trap "exit 42" TERM; echo ready; while :; do sleep 0.1; done'

fail() {
	printf '%s\n' "$*" >&2
	return 1
}

# assert_status N: $status (from bats run) is N; prints $output otherwise.
assert_status() {
	[ "$status" -eq "$1" ] || fail "expected status $1, got $status; output: $output"
}

# assert_output_has TEXT: $output contains TEXT.
assert_output_has() {
	case "$output" in
	*"$1"*) ;;
	*) fail "output does not contain '$1': $output" ;;
	esac
}

assert_output_lacks() {
	case "$output" in
	*"$1"*) fail "output contains '$1': $output" ;;
	esac
}

# $output with NUL and CR removed (tty output; podman prints a NUL first).
clean_output() {
	printf '%s' "$output" | tr -d '\0\r'
}

# Runs CMD... under a client-side pty (clients.md pitfall 12).
with_pty() {
	local cmd="" a
	for a in "$@"; do cmd="$cmd $(printf '%q' "$a")"; done
	timeout 60 script -qfec "$cmd" /dev/null
}

# The v1 cgroup dir of controller $1 for the host pid $2.
pid_cgroup() {
	local rel
	rel=$(awk -F: -v c="$1" '$2 == c { print $3 }' "/proc/$2/cgroup")
	[ -n "$rel" ] || return 1
	echo "/sys/fs/cgroup/$1$rel"
}

# Polls until "$@" succeeds, at most 10 s.
wait_for() {
	eng_wait 100 "$@"
}

# Fails if runc-mini still has state for container $2 under root $1.
assert_no_state() {
	[ ! -e "$1/$2" ] || fail "runc-mini state $1/$2 remains: $(ls "$1/$2")"
}

# Fails if a cgroup dir named $1 (a path relative to the controllers) remains.
assert_no_cgroup() {
	local left
	left=$(eng_list_cgroups "$1")
	[ -z "$left" ] || fail "cgroups remain: $left"
}
