#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# Bad input: one clear line on stderr, a non-zero exit, nothing left behind.

load helpers

setup() { make_bundle; }
teardown() { assert_host_clean; }

@test "a missing bundle" {
	run "$RUNC_MINI" "$BATS_TEST_TMPDIR/nope"
	assert_one_line_error
	[[ "$output" == *"bundle $BATS_TEST_TMPDIR/nope: no such file or directory" ]]
}

@test "a bundle without config.json or container.json" {
	rm "$BUNDLE/config.json"
	run_bundle
	assert_one_line_error
	[[ "$output" == *"no config.json (or legacy container.json) found"* ]]
}

@test "invalid JSON is reported as config.json:LINE:COL" {
	printf '{\n  "ociVersion": "1.0.0",\n  "process": { "args": ["sh"], }\n}\n' >"$BUNDLE/config.json"
	run_bundle
	assert_one_line_error
	[ "$output" = "config.json:3:32: invalid JSON: expected a string key" ]
}

@test "truncated JSON" {
	head -c 100 "$BUNDLE/config.json" >"$BUNDLE/c" && mv "$BUNDLE/c" "$BUNDLE/config.json"
	run_bundle
	assert_one_line_error
	[[ "$output" == *"config.json:"*"unexpected end of input"* ]]
}

@test "a wrong type names the JSON path" {
	cfg '.process.args = "sh"'
	run_bundle
	assert_one_line_error
	[[ "$output" == "config.json:"*": process.args: expected an array of strings" ]]
}

@test "a wrong type deep inside names the full path" {
	cfg '.mounts[2].options = [1]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"mounts[2].options: expected an array of strings" ]]
}

@test "an unknown namespace type" {
	cfg '.linux.namespaces += [{"type": "bogus"}]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *'linux.namespaces[6].type: unknown namespace type "bogus"' ]]
}

@test "a malformed or unsupported ociVersion" {
	cfg '.ociVersion = "one"'
	run_bundle
	assert_one_line_error
	[[ "$output" == *'ociVersion: malformed version "one"' ]]
	cfg '.ociVersion = "2.0.0"'
	run_bundle
	assert_one_line_error
	[[ "$output" == *'unsupported version "2.0.0"'* ]]
}

@test "ociVersion 1.0.0 to 1.3.x is accepted" {
	for v in 1.0.0 1.0.2-dev 1.1.0 1.2.1 1.3.0; do
		cfg --arg v "$v" '.ociVersion = $v'
		run_bundle
		[ "$status" -eq 0 ]
	done
}

@test "a missing rootfs" {
	rm -rf "$BUNDLE/rootfs"
	run_bundle
	assert_one_line_error
	[[ "$output" == *"root.path: rootfs $BUNDLE/rootfs: no such file or directory" ]]
}

@test "empty args" {
	cfg '.process.args = []'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"process.args: at least one argument is required" ]]
}

@test "an executable that does not exist: runc's wording" {
	cfg '.process.args = ["/x"]'
	run_bundle
	assert_one_line_error
	[ "$output" = 'exec: "/x": stat /x: no such file or directory' ]
}

@test "a command not in PATH: runc's wording" {
	cfg '.process.args = ["nosuchcmd"]'
	run_bundle
	assert_one_line_error
	[ "$output" = 'exec: "nosuchcmd": executable file not found in $PATH' ]
}

@test "a file that is not executable: permission denied" {
	cfg '.process.args = ["/etc/passwd"]'
	run_bundle
	assert_one_line_error
	[ "$output" = 'exec: "/etc/passwd": permission denied' ]
}

@test "a mount that fails names the mount and leaves nothing behind" {
	cfg '.mounts += [{"destination": "/mnt", "type": "nosuchfs", "source": "x"}]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"mounts["*"]: mount x (nosuchfs) on /mnt: no such device" ]]
}

@test "a bind mount of a missing source" {
	cfg '.mounts += [{"destination": "/mnt", "type": "bind", "source": "/nonexistent", "options": ["bind"]}]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"bind source /nonexistent: no such file or directory" ]]
}

@test "a host sysctl is refused before anything starts" {
	cfg '.linux.sysctl = {"vm.swappiness": "10"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *'linux.sysctl: "vm.swappiness" is not namespaced'* ]]
}

@test "hostname without a uts namespace" {
	cfg 'del(.linux.namespaces[] | select(.type == "uts"))'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"hostname: setting the hostname needs a uts namespace" ]]
}

@test "an unknown capability is a warning, and the container runs (runtime-spec, runc)" {
	cfg '.process.capabilities.bounding += ["CAP_NOPE"]'
	run_bundle
	[ "$status" -eq 0 ]
	[[ "$output" == *'process.capabilities.bounding: unknown capability "CAP_NOPE" ignored'* ]]
	[ "$(printf '%s\n' "$output" | grep -c 'unknown capability')" -eq 1 ]
	# said once, at create: not again by the commands that re-read the config
	local root=$BATS_TEST_TMPDIR/st id=cap-$$
	"$RUNC_MINI" --root "$root" create --bundle "$BUNDLE" "$id" </dev/null >/dev/null 2>&1
	run "$RUNC_MINI" --root "$root" state "$id"
	[[ "$output" != *warning* ]]
	run "$RUNC_MINI" --root "$root" delete --force "$id"
	[ "$status" -eq 0 ]
	[[ "$output" != *warning* ]]
}

@test "a namespace path that does not exist" {
	cfg '.linux.namespaces |= map(if .type == "network" then .path = "/nonexistent/ns" else . end)'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"network namespace path /nonexistent/ns: no such file or directory" ]]
}

@test "too many arguments" {
	run "$RUNC_MINI" "$BUNDLE" extra
	assert_one_line_error
}

@test "errors go to --log as one JSON object with --log-format json" {
	cfg '.process.args = ["/x"]'
	run "$RUNC_MINI" --log "$BATS_TEST_TMPDIR/log.json" --log-format json "$BUNDLE"
	[ "$status" -ne 0 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/log.json")" -eq 1 ]
	[ "$(jq -r .level "$BATS_TEST_TMPDIR/log.json")" = error ]
	[ "$(jq -r .msg "$BATS_TEST_TMPDIR/log.json")" = 'exec: "/x": stat /x: no such file or directory' ]
	jq -r .time "$BATS_TEST_TMPDIR/log.json" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
}

@test "an error is the same bare line on stderr in every log mode (engines add the runtime's name)" {
	cfg '.process.args = ["/x"]'
	local want='exec: "/x": stat /x: no such file or directory' mode
	run "$RUNC_MINI" "$BUNDLE"
	assert_one_line_error
	[ "$output" = "$want" ]
	for mode in text json; do
		run "$RUNC_MINI" --log "$BATS_TEST_TMPDIR/log.$mode" --log-format "$mode" "$BUNDLE"
		assert_one_line_error
		[ "$output" = "$want" ]
		! grep -q 'runc-mini:' "$BATS_TEST_TMPDIR/log.$mode"
	done
	grep -qF 'level=error msg="exec: \"/x\": stat /x: no such file or directory"' "$BATS_TEST_TMPDIR/log.text"
	assert_host_clean
}

@test "--debug says each step, on stderr or in the log in its format; off, nothing" {
	cfg '.process.args = ["/probe", "fds"]'
	run "$RUNC_MINI" --debug "$BUNDLE"
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q '^time=".*" level=debug msg="cloned the container.s init: pid [0-9]*"'
	printf '%s\n' "$output" | grep -q '^time=".*" level=debug msg="init: execve /probe" pid=1$'
	# the debug fd does not reach the container
	[ "$(val fds)" = 0,1,2 ]
	local log=$BATS_TEST_TMPDIR/debug.json
	run "$RUNC_MINI" --debug --log "$log" --log-format json "$BUNDLE"
	[ "$status" -eq 0 ]
	[ "$output" = fds=0,1,2 ]
	[ "$(jq -r .level "$log" | sort -u)" = debug ]
	jq -r .msg "$log" | grep -qx 'init: set up; waiting for start'
	[ "$(wc -l <"$log")" -gt 5 ]
	run "$RUNC_MINI" "$BUNDLE"
	[ "$output" = fds=0,1,2 ]
	assert_host_clean
}
