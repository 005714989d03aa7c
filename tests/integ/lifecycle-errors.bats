#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# create fails with the real error of every setup step that can fail;
# what fails after create (startContainer hooks, the exec) reaches start's
# message and the --log file.  The startContainer hook runs with the
# container process's identity, capabilities, no_new_privs, masks,
# read-only paths and seccomp filter (its binary comes from the image).

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=le-$$-$BATS_TEST_NUMBER
	LOG=$BATS_TEST_TMPDIR/log
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
	[ ! -e "$ROOT/$RM_ID" ]
}

rm_() { "$RUNC_MINI" --root "$ROOT" --log "$LOG" "$@"; }

# create under a smaller bounding set; the output goes to a file, which a
# wrongly waiting init would hold open (a pipe would hang the test).
create_without() {
	local out=$BATS_TEST_TMPDIR/create.out
	status=0
	setpriv --bounding-set "-$1" "$RUNC_MINI" --root "$ROOT" create --bundle "$BUNDLE" "$RM_ID" \
		</dev/null >"$out" 2>&1 || status=$?
	output=$(cat "$out")
	echo "$output"
}

@test "create fails with capset's error when the caller's bounding set lacks a capability the config asks for" {
	cfg '.process.capabilities = {"bounding": ["CAP_WAKE_ALARM"], "effective": ["CAP_WAKE_ALARM"],
	     "permitted": ["CAP_WAKE_ALARM"]} | .process.args = ["/probe", "sleep", "60"]'
	create_without wake_alarm
	[ "$status" -ne 0 ]
	[[ "$output" == *"operation not permitted"* ]]
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "create fails with the error of setgroups (the identity is set before create returns)" {
	cfg '.process.user = {"uid": 0, "gid": 0, "additionalGids": [12345]} | .process.args = ["/probe", "sleep", "60"]'
	create_without setgid
	[ "$status" -ne 0 ]
	[[ "$output" == *setgroups* ]]
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "a failing startContainer hook fails start, with its message on stderr and in --log" {
	printf '#!/bin/sh\nexit 3\n' >"$BUNDLE/rootfs/hook"
	chmod 755 "$BUNDLE/rootfs/hook"
	cfg '.hooks.startContainer = [{"path": "/hook"}] | .process.args = ["/probe", "sleep", "60"]'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ start "$RM_ID"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"hooks.startContainer[0]: /hook exited with status 3"* ]]
	grep -q 'hooks.startContainer\[0\]: /hook exited with status 3' "$LOG"
}

@test "an exec that fails after create fails start, with its message on stderr and in --log" {
	cp "$BUNDLE/rootfs/probe" "$BUNDLE/rootfs/victim"
	cfg '.process.args = ["/victim", "sleep", "60"]'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	rm "$BUNDLE/rootfs/victim"
	run rm_ start "$RM_ID"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *'exec: "/victim": no such file or directory'* ]]
	grep -q 'exec: \\"/victim\\": no such file or directory' "$LOG"
}

# The hook reports what it has and tries what it must not be able to do.
# It never writes the host's core_pattern: the escape it tries is the
# unmount of /proc/sys, which would make that write possible.
write_spy_hook() {
	cat >"$BUNDLE/rootfs/spy" <<'EOF'
#!/bin/sh
exec >/out/spy.out 2>&1
grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status | tr -d '\t'
umount /proc/sys 2>/dev/null && echo umount=ok || echo umount=failed
/probe write /proc/sys/kernel/domainname x
echo keys=$(cat /proc/keys | wc -c)
/probe ls /proc | grep '^keys '
EOF
	chmod 755 "$BUNDLE/rootfs/spy"
	mkdir -p "$BATS_TEST_TMPDIR/out"
	cfg --arg o "$BATS_TEST_TMPDIR/out" '.mounts += [{"destination": "/out", "type": "bind", "source": $o, "options": ["rbind", "rw"]}]
	     | .hooks.startContainer = [{"path": "/spy"}]
	     | .process.noNewPrivileges = true
	     | .process.capabilities = {"bounding": ["CAP_CHOWN"], "effective": ["CAP_CHOWN"], "permitted": ["CAP_CHOWN"]}
	     | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["swapon"], "action": "SCMP_ACT_ERRNO"}]}'
}

check_spy() {
	cat "$BATS_TEST_TMPDIR/out/spy.out"
	local out; out=$(cat "$BATS_TEST_TMPDIR/out/spy.out")
	grep -qx 'CapEff:0000000000000001' <<<"$out"
	grep -qx 'NoNewPrivs:1' <<<"$out"
	grep -qx 'Seccomp:2' <<<"$out"
	grep -qx 'umount=failed' <<<"$out"
	grep -qx 'write=EROFS' <<<"$out"
	grep -qx 'keys=0' <<<"$out"
	grep -qx 'keys c 0666 1:3' <<<"$out"
}

@test "the startContainer hook has the container's capabilities, no_new_privs, masks and seccomp (create/start)" {
	write_spy_hook
	cfg '.process.args = ["/probe", "sleep", "60"]'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	rm_ start "$RM_ID"
	check_spy
}

@test "the startContainer hook has the container's capabilities, no_new_privs, masks and seccomp (run)" {
	write_spy_hook
	cfg '.process.args = ["/bin/true"]'
	run "$RUNC_MINI" --root "$ROOT" run --bundle "$BUNDLE" "$RM_ID" </dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	check_spy
}
