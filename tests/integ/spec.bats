#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# `runc-mini spec`: a default config that runs as it is.

load helpers

setup() { need_root; ensure_rootfs; BUNDLE=$BATS_TEST_TMPDIR/b; mkdir -p "$BUNDLE"; }
teardown() { assert_host_clean; }

@test "spec writes a config.json that runs busybox sh" {
	cp -a "$ROOTFS_CACHE" "$BUNDLE/rootfs"
	cd "$BUNDLE"
	run "$RUNC_MINI" spec </dev/null
	[ "$status" -eq 0 ]
	[ "$(jq -r '.process.args[0]' config.json)" = sh ]
	[ "$(jq -r '.process.terminal' config.json)" = false ]   # stdin is not a tty
	[ "$(jq -r '.root.path' config.json)" = rootfs ]
	run bash -c "echo 'echo in-container:\$(hostname)' | '$RUNC_MINI'"
	[ "$status" -eq 0 ]
	[ "$output" = in-container:runc-mini ]
}

@test "spec turns the terminal on when stdin is a tty" {
	cd "$BUNDLE"
	script -qfec "'$RUNC_MINI' spec" /dev/null >/dev/null
	[ "$(jq -r '.process.terminal' config.json)" = true ]
}

@test "spec --bundle writes there, and never overwrites" {
	run "$RUNC_MINI" spec --bundle "$BUNDLE" </dev/null
	[ "$status" -eq 0 ]
	[ -f "$BUNDLE/config.json" ]
	echo '{}' >"$BUNDLE/config.json"
	run "$RUNC_MINI" spec --bundle "$BUNDLE" </dev/null
	[ "$status" -ne 0 ]
	[[ "$output" == *"config.json exists. Remove it first"* ]]
	[ "$(cat "$BUNDLE/config.json")" = '{}' ]
}

@test "spec output is valid for runc too" {
	command -v runc >/dev/null || skip "runc not installed"
	cp -a "$ROOTFS_CACHE" "$BUNDLE/rootfs"
	cd "$BUNDLE"
	"$RUNC_MINI" spec </dev/null
	jq '.process.args = ["/probe", "all"]' config.json >c && mv c config.json
	run runc run "rm-spec-$$"
	[ "$status" -eq 0 ]
	local theirs=$output
	run "$RUNC_MINI" .
	[ "$status" -eq 0 ]
	# The same facts from inside, under runc and under runc-mini.
	for k in pid uid gid cwd hostname umask nnp capinh capprm capeff capbnd capamb; do
		[ "$(output=$theirs val $k)" = "$(val $k)" ] || { echo "$k differs: runc=$(output=$theirs val $k) ours=$(val $k)"; false; }
	done
}
