#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# Hooks run where runtime-spec says, with the state JSON on stdin.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=hk-$$-$BATS_TEST_NUMBER
	LOG=$BATS_TEST_TMPDIR/hooks.log
	# A hook that records its name, the state it got and where it ran.
	cat >"$BATS_TEST_TMPDIR/hook" <<-SH
	#!/bin/sh
	state=\$(cat)
	echo "\$1 \$(printf '%s' "\$state" | jq -r '.status + " " + .id + " " + (.pid|tostring)') mntns=\$(readlink /proc/self/ns/mnt) env=\$HOOKENV" >>"$LOG"
	SH
	chmod +x "$BATS_TEST_TMPDIR/hook"
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

hook() {   # hook KIND -> a hook object
	printf '{"path": "%s", "args": ["hook", "%s"], "env": ["HOOKENV=%s", "PATH=/usr/bin:/bin"]}' \
		"$BATS_TEST_TMPDIR/hook" "$1" "$1"
}

@test "every hook runs once, in order, with the right status" {
	cfg --argjson a "$(hook prestart)" --argjson b "$(hook createRuntime)" \
	    --argjson c "$(hook createContainer)" --argjson d "$(hook poststart)" --argjson e "$(hook poststop)" \
	    '.hooks = {"prestart": [$a], "createRuntime": [$b], "createContainer": [$c], "poststart": [$d], "poststop": [$e]}'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	local pid; pid=$(rm_ state "$RM_ID" | jq .pid)
	[ "$(cut -d' ' -f1 "$LOG" | tr '\n' ' ')" = "prestart createRuntime createContainer " ]
	grep -q "^prestart creating $RM_ID $pid " "$LOG"
	grep -q "^createContainer creating $RM_ID $pid " "$LOG"
	# createRuntime runs in runc-mini's mount namespace, createContainer in the container's
	[ "$(grep '^createRuntime' "$LOG" | sed 's/.*mntns=\([^ ]*\).*/\1/')" = "$(readlink /proc/self/ns/mnt)" ]
	[ "$(grep '^createContainer' "$LOG" | sed 's/.*mntns=\([^ ]*\).*/\1/')" = "$(readlink /proc/$pid/ns/mnt)" ]
	grep -q "env=createRuntime" "$LOG"
	rm_ start "$RM_ID"
	grep -q "^poststart running $RM_ID $pid " "$LOG"
	rm_ delete --force "$RM_ID"
	grep -q "^poststop stopped $RM_ID " "$LOG"
	[ "$(wc -l <"$LOG")" -eq 5 ]
}

@test "startContainer runs in the container before the process" {
	# The path resolves in the container: this script exists only there.
	printf '#!/bin/sh\nread -r state\necho "startContainer $1 pid1=$(cat /proc/1/comm)" >/started\n' >"$BUNDLE/rootfs/hook"
	chmod +x "$BUNDLE/rootfs/hook"
	cfg '.hooks = {"startContainer": [{"path": "/hook", "args": ["hook", "arg"]}]}
	     | .root.readonly = false | .process.args = ["/bin/cat", "/started"]'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	# it ran before the process: pid 1 was still runc-mini
	[ "$output" = "startContainer arg pid1=runc-mini" ]
}

@test "a failing prestart hook fails create and cleans up" {
	cfg '.hooks = {"prestart": [{"path": "/bin/false"}]}'
	run rm_ create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"hooks.prestart[0]: /bin/false exited with status 1"* ]]
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "a hook that times out is killed and fails create" {
	cfg '.hooks = {"createRuntime": [{"path": "/bin/sleep", "args": ["sleep", "30"], "timeout": 1}]}'
	run rm_ create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"hooks.createRuntime[0]: /bin/sleep"*"timed out"* ]]
	! pgrep -f "sleep 30" >/dev/null
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "after a failing poststart or poststop hook the remaining ones still run (run and create/start/delete)" {
	cfg --argjson a "$(hook poststart)" --argjson b "$(hook poststop)" \
	    '.hooks = {"poststart": [{"path": "/bin/false"}, $a], "poststop": [{"path": "/bin/false"}, $b]}
	     | .process.args = ["/probe", "exit", "0"]'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: hooks.poststart[0]: /bin/false exited with status 1"* ]]
	[[ "$output" == *"warning: hooks.poststop[0]: /bin/false exited with status 1"* ]]
	[ "$(cut -d' ' -f1 "$LOG" | tr '\n' ' ')" = "poststart poststop " ]
	: >"$LOG"
	cfg '.process.args = ["/probe", "sleep", "60"]'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ start "$RM_ID"
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: hooks.poststart[0]"* ]]
	run rm_ delete --force "$RM_ID"
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: hooks.poststop[0]"* ]]
	[ "$(cut -d' ' -f1 "$LOG" | tr '\n' ' ')" = "poststart poststop " ]
}

@test "a failing poststart or poststop hook only warns" {
	cfg '.hooks = {"poststart": [{"path": "/bin/false"}], "poststop": [{"path": "/bin/false"}]}
	     | .process.args = ["/probe", "exit", "4"]'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 4 ]
	[[ "$output" == *"warning: hooks.poststart[0]"* ]]
	[[ "$output" == *"warning: hooks.poststop[0]"* ]]
}
