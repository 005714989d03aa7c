#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# Errors say what happened and why: how the init died, which hook is
# missing, that JSON is too deep (not invalid), and a long echoed value is
# cut in the middle, never the reason at the end.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=ms-$$-$BATS_TEST_NUMBER
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "an init the OOM killer ends during setup: the signal and the memory limit are named" {
	[ -d /sys/fs/cgroup/memory ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || skip "no memory controller"
	cfg '.process.args = ["/bin/true"] | .linux.resources.memory = {"limit": 65536}'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	assert_one_line_error
	[[ "$output" == *"the container's init was killed by signal 9 (SIGKILL) during setup: "*"memory limit"*"(linux.resources.memory.limit is 65536 bytes)"* ]]
	[ -z "$(find /sys/fs/cgroup -maxdepth 4 -type d -name "$RM_ID")" ]
}

@test "a hook that does not exist is named, not 'exited with status 127'" {
	cfg '.hooks = {"prestart": [{"path": "/nonexistent/hook"}]}'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	assert_one_line_error
	[[ "$output" == *"hooks.prestart[0]: /nonexistent/hook: no such file or directory"* ]]
	[[ "$output" != *127* ]]
}

@test "JSON nested deeper than 512 levels: 'nested too deeply (limit 512)'" {
	local deep; deep=$(printf '[%.0s' $(seq 600))1$(printf ']%.0s' $(seq 600))
	jq --argjson d "$deep" '.x = $d' "$BUNDLE/config.json" >"$BUNDLE/c.json" 2>/dev/null ||
		python3 -c "import json,sys; c=json.load(open(sys.argv[1])); print(json.dumps(c)[:-1] + ', \"x\": ' + sys.argv[2] + '}')" \
			"$BUNDLE/config.json" "$deep" >"$BUNDLE/c.json"
	mv "$BUNDLE/c.json" "$BUNDLE/config.json"
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	assert_one_line_error
	[[ "$output" == *"nested too deeply (limit 512)"* ]]
	[[ "$output" != *"invalid JSON"* ]]
}

@test "a 3 MB hostname in an error is cut in the middle; the reason stays" {
	python3 -c "import json,sys; c=json.load(open(sys.argv[1])); c['hostname']='h'*3000000; json.dump(c, open(sys.argv[1],'w'))" \
		"$BUNDLE/config.json"
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	assert_one_line_error
	[ "${#output}" -lt 1100 ]
	[[ "$output" == "hostname: sethostname(\"hhhh"* ]]
	[[ "$output" == *": invalid argument" ]]
}
