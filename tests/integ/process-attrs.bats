#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# process.scheduler, ioPriority, execCPUAffinity, linux.personality, LSM
# labels, rlimits errors, cwd creation and the leaked-fd cwd (CVE-2024-21626),
# oomScoreAdj: each checked from inside with `/probe proc` or `/probe all`.

load helpers

setup() {
	make_bundle
	cfg '.process.args = ["/probe", "proc"]'
}
teardown() { assert_host_clean; }

# Whether this shell holds capability number $1 (the sandbox may not).
has_cap() {
	local eff; eff=$(awk '/^CapEff/ {print $2}' /proc/self/status)
	(( (16#$eff >> $1) & 1 ))
}

# A policy change the host may refuse (RT throttling of cgroup v1 cpu).
sched_fifo_possible() {
	chrt -f 10 true 2>/dev/null
}

@test "scheduler: SCHED_FIFO with a priority" {
	sched_fifo_possible || skip "SCHED_FIFO is refused on this host"
	cfg '.process.scheduler = {"policy": "SCHED_FIFO", "priority": 10}'
	# A cgroup v1 cpu controller gives new cgroups no RT runtime.
	run_bundle --cgroup-manager none
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val sched_policy)" = 1 ]
	[ "$(val sched_priority)" = 10 ]
}

@test "scheduler: SCHED_BATCH with nice, and SCHED_IDLE" {
	cfg '.process.scheduler = {"policy": "SCHED_BATCH", "nice": 7}'
	run_bundle
	echo "$output"
	[ "$(val sched_policy)" = 3 ]
	[ "$(val nice)" = 7 ]
	cfg '.process.scheduler = {"policy": "SCHED_IDLE"}'
	run_bundle
	[ "$(val sched_policy)" = 5 ]
}

@test "without a scheduler the process keeps SCHED_OTHER" {
	run_bundle
	[ "$(val sched_policy)" = 0 ]
	[ "$(val sched_priority)" = 0 ]
}

@test "scheduler errors name the field" {
	cfg '.process.scheduler = {"policy": "SCHED_NOPE"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"process.scheduler.policy: unknown policy \"SCHED_NOPE\""* ]]
	cfg '.process.scheduler = {"policy": "SCHED_OTHER", "nice": 30}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"process.scheduler.nice: must be between -20 and 19, got 30"* ]]
	cfg '.process.scheduler = {"policy": "SCHED_FIFO", "priority": 1000}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"process.scheduler: sched_setattr(SCHED_FIFO, priority 1000, nice 0): invalid argument" ]]
}

@test "ioPriority: class and level" {
	cfg '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 6}'
	run_bundle
	echo "$output"
	[ "$(val ioprio)" = 2:6 ]
	cfg '.process.ioPriority = {"class": "IOPRIO_CLASS_IDLE", "priority": 0}'
	run_bundle
	[ "$(val ioprio)" = 3:0 ]
	cfg '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 9}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"process.ioPriority.priority: must be between 0 and 7, got 9"* ]]
}

@test "execCPUAffinity.final pins the process" {
	[ "$(nproc)" -ge 2 ] || skip "needs two CPUs"
	cfg '.process.execCPUAffinity = {"initial": "0", "final": "1"}'
	run_bundle
	echo "$output"
	[ "$(val cpus)" = 1 ]
	cfg '.process.execCPUAffinity = {"final": "0-1"}'
	run_bundle
	[ "$(val cpus)" = 0,1 ]
	cfg '.process.execCPUAffinity = {"final": "1-0"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"process.execCPUAffinity.final: malformed CPU list \"1-0\""* ]]
	# CPUs this machine does not have: a runtime error naming the field
	cfg '.process.execCPUAffinity = {"initial": "1023"}'
	run_bundle
	echo "$output"
	assert_one_line_error
	[ "$output" = "process.execCPUAffinity.initial: sched_setaffinity(1023): invalid argument" ]
	cfg '.process.execCPUAffinity = {"final": "1023"}'
	run_bundle
	assert_one_line_error
	[ "$output" = "process.execCPUAffinity.final: sched_setaffinity(1023): invalid argument" ]
}

@test "linux.personality: LINUX32 and flags" {
	cfg '.linux.personality = {"domain": "LINUX32", "flags": ["ADDR_NO_RANDOMIZE"]}'
	run_bundle
	echo "$output"
	[ "$(val personality)" = 0x40008 ]
	cfg '.linux.personality = {"domain": "LINUX"} | .process.args = ["/bin/uname", "-m"]'
	run_bundle
	[ "$output" = x86_64 ]
	cfg '.linux.personality = {"domain": "LINUX32"}'
	run_bundle
	[ "$output" = i686 ]
}

@test "linux.personality errors" {
	cfg '.linux.personality = {"domain": "BSD"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.personality.domain: unknown domain \"BSD\" (LINUX or LINUX32)"* ]]
	cfg '.linux.personality = {"domain": "LINUX", "flags": ["NOPE"]}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.personality.flags: unknown flag \"NOPE\""* ]]
}

@test "apparmorProfile and selinuxLabel: empty means nothing, a label without the LSM is an error" {
	cfg '.process.apparmorProfile = "" | .process.selinuxLabel = ""'
	run_bundle
	[ "$status" -eq 0 ]
	if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; then
		skip "AppArmor is enabled here: the error path cannot be shown"
	fi
	cfg '.process.apparmorProfile = "runc-mini-test"'
	run_bundle
	assert_one_line_error
	[ "$output" = 'process.apparmorProfile: "runc-mini-test" requested but AppArmor is not enabled on this host' ]
	[ -e /sys/fs/selinux/enforce ] && skip "SELinux is enabled here"
	cfg '.process.apparmorProfile = "" | .process.selinuxLabel = "system_u:system_r:container_t:s0"'
	run_bundle
	assert_one_line_error
	[[ "$output" == *'process.selinuxLabel: "system_u:system_r:container_t:s0" requested but SELinux is not enabled on this host' ]]
}

@test "an rlimit above the caller's hard limit without CAP_SYS_RESOURCE names the limit" {
	cfg '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 4096, "hard": 4096}]'
	# The caller's hard limit is 2048 and it cannot raise it: no CAP_SYS_RESOURCE.
	run bash -c 'ulimit -n 2048 && exec setpriv --inh-caps=-sys_resource --bounding-set=-sys_resource "$0" "$1"' "$RUNC_MINI" "$BUNDLE"
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"process.rlimits[0]: RLIMIT_NOFILE hard limit 4096 is above the current 2048, and raising it needs CAP_SYS_RESOURCE: operation not permitted" ]]
}

@test "an rlimit above the caller's hard limit works as root (CAP_SYS_RESOURCE)" {
	has_cap 24 || skip "this host's root has no CAP_SYS_RESOURCE"
	cfg '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 4096, "hard": 4096}] | .process.args = ["/probe", "rlimit", "NOFILE"]'
	run bash -c 'ulimit -n 2048 && exec "$0" "$1"' "$RUNC_MINI" "$BUNDLE"
	[ "$status" -eq 0 ]
	[ "$output" = rlimit_RLIMIT_NOFILE=4096:4096 ]
}

@test "a soft rlimit above the hard one is a clear error" {
	cfg '.process.rlimits = [{"type": "RLIMIT_CORE", "soft": 10, "hard": 5}]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"config.json:"*": process.rlimits[0]: soft limit 10 is above the hard limit 5" ]]
}

@test "a missing cwd is created inside the rootfs, even on a read-only root" {
	cfg '.process.cwd = "/work/dir" | .process.args = ["/probe", "all"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val cwd)" = /work/dir ]
	[ -d "$BUNDLE/rootfs/work/dir" ]
}

@test "a cwd through a symlink to a host path stays inside the rootfs" {
	mkdir -p "$BATS_TEST_TMPDIR/hostcwd"
	ln -s "$BATS_TEST_TMPDIR/hostcwd" "$BUNDLE/rootfs/lnk"
	cfg '.process.cwd = "/lnk/sub" | .process.args = ["/probe", "all"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ ! -e "$BATS_TEST_TMPDIR/hostcwd/sub" ]
	[ -d "$BUNDLE/rootfs/$BATS_TEST_TMPDIR/hostcwd/sub" ]
}

@test "a cwd through a leaked host fd is refused (CVE-2024-21626)" {
	mkdir -p "$BATS_TEST_TMPDIR/hostsecret"
	cfg '.process.cwd = "/proc/self/fd/7"'
	run "$RUNC_MINI" "$BUNDLE" 7<"$BATS_TEST_TMPDIR/hostsecret"
	echo "$output"
	assert_one_line_error
	[[ "$output" == *"process.cwd: /proc/self/fd/7 is outside the container"* ]]
}

@test "oomScoreAdj: raised, lowered (or a clear error without CAP_SYS_RESOURCE), range checked" {
	cfg '.process.oomScoreAdj = -17 | .process.args = ["/probe", "all"]'
	run_bundle
	if has_cap 24; then
		[ "$(val oom_score_adj)" = -17 ]
	else
		assert_one_line_error
		[ "$output" = "process.oomScoreAdj: write /proc/self/oom_score_adj: permission denied" ]
	fi
	cfg '.process.oomScoreAdj = 1000'
	run_bundle
	[ "$(val oom_score_adj)" = 1000 ]
	cfg '.process.oomScoreAdj = 1001'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"process.oomScoreAdj"*"invalid argument" ]]
}

@test "capabilities the running kernel does not know are skipped with a warning" {
	# Pretend to be an older kernel: cap_last_cap 37 (before CAP_PERFMON).
	echo 37 >"$BATS_TEST_TMPDIR/cap_last_cap"
	cfg '.process.capabilities.bounding += ["CAP_PERFMON", "CAP_BPF"]
	     | .process.capabilities.effective += ["CAP_BPF"] | .process.capabilities.permitted += ["CAP_BPF"]
	     | .process.args = ["/probe", "all"]'
	run unshare -m sh -c 'mount --bind "$0" /proc/sys/kernel/cap_last_cap && exec "$1" "$2"' \
		"$BATS_TEST_TMPDIR/cap_last_cap" "$RUNC_MINI" "$BUNDLE"
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'runc-mini: warning: process.capabilities: unknown to this kernel, skipped: CAP_PERFMON CAP_BPF'
	# CAP_BPF (39) is not in the effective set
	[ "$(( 16#$(val capeff) >> 39 & 1 ))" = 0 ]
	# and the config's other caps are
	[ "$(( 16#$(val capeff) >> 5 & 1 ))" = 1 ]     # CAP_KILL
}

@test "exec --process applies scheduler, ioPriority and execCPUAffinity too" {
	local root=$BATS_TEST_TMPDIR/state id=pa-$$-$BATS_TEST_NUMBER
	cfg '.process.args = ["/probe", "sleep", "60"]'
	"$RUNC_MINI" --root "$root" run -d --bundle "$BUNDLE" "$id" </dev/null >/dev/null 2>&1
	jq '.process | .args = ["/probe", "proc"] | .scheduler = {"policy": "SCHED_BATCH", "nice": 3}
	    | .ioPriority = {"class": "IOPRIO_CLASS_IDLE", "priority": 0} | .execCPUAffinity = {"final": "0"}' \
		"$BUNDLE/config.json" >"$BATS_TEST_TMPDIR/process.json"
	run "$RUNC_MINI" --root "$root" exec --process "$BATS_TEST_TMPDIR/process.json" "$id"
	echo "$output"
	"$RUNC_MINI" --root "$root" delete --force "$id" >/dev/null 2>&1
	[ "$status" -eq 0 ]
	[ "$(val sched_policy)" = 3 ]
	[ "$(val nice)" = 3 ]
	[ "$(val ioprio)" = 3:0 ]
	[ "$(val cpus)" = 0 ]
}
