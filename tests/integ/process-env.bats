#!/usr/bin/env bats
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
