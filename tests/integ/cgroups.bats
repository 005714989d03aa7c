#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# linux.resources and linux.cgroupsPath on this host (cgroup v1 or hybrid;
# v2 and no-cgroup hosts are tested in tests/vm).  Each limit is proven from
# inside the container, and no cgroup directory may be left behind.

load helpers

setup() {
	make_bundle
	CG=/rm-bats-$$-$BATS_TEST_NUMBER
	cfg --arg p "$CG/ctr" '.linux.cgroupsPath = $p'
	[ -d /sys/fs/cgroup/pids ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || skip "no cgroups on this host"
}

teardown() {
	assert_no_cgroup
}

# No directory named after this test in any hierarchy (nor below ours).
assert_no_cgroup() {
	local d
	for d in /sys/fs/cgroup/*"$CG" /sys/fs/cgroup/*/*/*"$CG" /sys/fs/cgroup"$CG"; do
		if [ -e "$d" ]; then
			echo "left behind: $d" >&2
			return 1
		fi
	done
}

sh_args() {
	cfg --arg c "$1" '.process.args = ["/bin/sh", "-c", $c]'
}

@test "pids.limit: the container's 5th process cannot fork" {
	cfg '.linux.resources = {"pids": {"limit": 5}} | .process.args = ["/probe", "forks", "8"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val forked)" = 4 ]
	[ "$(val fork_errno)" = EAGAIN ]
}

@test "memory.limit: filling a tmpfs past the limit is OOM-killed" {
	cfg '.linux.resources = {"memory": {"limit": 33554432, "swap": 33554432}}'
	sh_args 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=60 2>/dev/null; echo dd=$?'
	run_bundle
	# dd or the shell itself is the victim: either way nothing wrote 60 MiB.
	[ "$(val dd)" = 137 ] || [ "$status" -eq 137 ]
}

@test "memory values are written as asked (cgroup mount inside shows them)" {
	[ -d /sys/fs/cgroup/memory ] || skip "no v1 memory controller"
	cfg '.linux.resources = {"memory": {"limit": 67108864, "reservation": 33554432, "swappiness": 10}}'
	sh_args 'echo limit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes);
		echo soft=$(cat /sys/fs/cgroup/memory/memory.soft_limit_in_bytes);
		echo swappiness=$(cat /sys/fs/cgroup/memory/memory.swappiness)'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val limit)" = 67108864 ]
	[ "$(val soft)" = 33554432 ]
	[ "$(val swappiness)" = 10 ]
}

@test "cpu.quota: a busy loop is throttled" {
	[ -d /sys/fs/cgroup/cpu ] || skip "no v1 cpu controller"
	cfg '.linux.resources = {"cpu": {"quota": 20000, "period": 100000, "shares": 512}}'
	sh_args 'timeout 1 sh -c "while :; do :; done";
		echo quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us);
		echo shares=$(cat /sys/fs/cgroup/cpu/cpu.shares);
		sed -n "s/^nr_throttled /throttled=/p" /sys/fs/cgroup/cpu/cpu.stat'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val quota)" = 20000 ]
	[ "$(val shares)" = 512 ]
	[ "$(val throttled)" -gt 0 ]
}

# The node is bind-mounted from the host (no mknod): only the cgroup stands
# between the container and the device.
ctl_mount='.mounts += [{"destination": "/dev/loop-control", "type": "bind", "source": "/dev/loop-control", "options": ["bind"]}]'

@test "devices: deny-all keeps the defaults, other nodes stay closed" {
	cfg "$ctl_mount"
	cfg '.linux.resources = {"devices": [{"allow": false, "access": "rwm"}]}'
	sh_args '/probe open /dev/loop-control; /probe open /dev/null'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sed -n 1p)" = open=EPERM ]
	[ "$(printf '%s\n' "$output" | sed -n 2p)" = open=ok ]
}

@test "devices: an allow rule opens the node" {
	cfg "$ctl_mount"
	cfg '.linux.resources = {"devices": [{"allow": false, "access": "rwm"},
	                                       {"allow": true, "type": "c", "major": 10, "minor": 237, "access": "r"}]}'
	cfg '.process.args = ["/probe", "open", "/dev/loop-control"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val open)" = ok ]
}

@test "cgroupsPath: absolute path is used in every hierarchy" {
	cfg '.linux.resources = {"pids": {"limit": 50}}'
	sh_args 'sleep 1; echo done'
	"$RUNC_MINI" "$BUNDLE" >/dev/null 2>&1 &
	local pid=$! found=
	for i in $(seq 50); do
		[ -d "/sys/fs/cgroup/pids$CG/ctr" ] && found=1 && break
		sleep 0.02
	done
	[ -n "$found" ]
	[ -d "/sys/fs/cgroup/memory$CG/ctr" ] || [ ! -d /sys/fs/cgroup/memory ]
	[ "$(cat /sys/fs/cgroup/pids$CG/ctr/pids.max)" = 50 ]
	wait "$pid"
}

@test "docker's zeros mean unset and do not fail" {
	cfg '.linux.resources = {"cpu": {"shares": 0}, "blockIO": {"weight": 0},
	     "memory": {"disableOOMKiller": false, "reservation": 0}}'
	sh_args 'echo ran=1'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val ran)" = 1 ]
}

@test "a value the kernel rejects: one error naming file and value, nothing left" {
	[ -d /sys/fs/cgroup/cpu ] || skip "no v1 cpu controller"
	cfg '.linux.resources = {"pids": {"limit": 5}, "cpu": {"quota": 500, "period": 100000}}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *'"500"'*cpu.cfs_quota_us* ]]
}

@test "a missing controller is an error only when asked for" {
	[ ! -d /sys/fs/cgroup/net_cls ] || skip "net_cls is mounted here"
	cfg '.linux.resources = {"network": {"classID": 1048577}}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.resources.network.classID"*"no net_cls cgroup controller"* ]]
	cfg '.linux.resources = {"network": {"classID": 0}} | .process.args = ["/probe", "exit", "0"]'
	run_bundle
	[ "$status" -eq 0 ]
}

@test "systemd slice:prefix:name paths get a clear error" {
	cfg '.linux.cgroupsPath = "system.slice:docker:abc"'
	run_bundle
	assert_one_line_error
	[[ "$output" == *systemd* ]]
}

@test "--cgroup-manager none: runs without cgroups, refuses limits" {
	cfg '.linux.resources = {} | .process.args = ["/probe", "exit", "0"]'
	run "$RUNC_MINI" --cgroup-manager none "$BUNDLE"
	[ "$status" -eq 0 ]
	cfg '.linux.resources = {"pids": {"limit": 5}}'
	run "$RUNC_MINI" --cgroup-manager none "$BUNDLE"
	assert_one_line_error
	[[ "$output" == *linux.resources.pids* ]]
}

@test "wrong types in linux.resources name the JSON path" {
	cfg '.linux.resources = {"memory": {"limit": "64M"}}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.resources.memory.limit: expected an integer"* ]]
}

@test "hybrid: unified keys land in the cgroup2 tree" {
	[ -f /sys/fs/cgroup/unified/cgroup.controllers ] || skip "not a hybrid host"
	cfg '.linux.resources = {"unified": {"cgroup.max.descendants": "3"}}'
	sh_args 'sleep 1'
	"$RUNC_MINI" "$BUNDLE" >/dev/null 2>&1 &
	local pid=$! v=
	for i in $(seq 50); do
		v=$(cat "/sys/fs/cgroup/unified$CG/ctr/cgroup.max.descendants" 2>/dev/null) && break
		sleep 0.02
	done
	wait "$pid"
	[ "$v" = 3 ]
}

# Private mount namespaces only (unshare -m): the host's cgroup mounts are
# never touched.  A tmpfs over the cgroup2 tree hides it: the container
# goes into the visible v1 hierarchies only, as it would on a v1 host.
@test "a tmpfs over the cgroup2 tree: only the visible hierarchies are used" {
	[ -f /sys/fs/cgroup/unified/cgroup.controllers ] || skip "not a hybrid host"
	cfg '.linux.resources = {"pids": {"limit": 20}}'
	sh_args 'cat /proc/self/cgroup'
	cfg '.linux.namespaces |= map(select(.type != "cgroup"))'
	# shellcheck disable=SC2016 # expanded by the inner sh
	run unshare -m --propagation private sh -c \
		'mount -t tmpfs rm-hide /sys/fs/cgroup/unified && exec "$@"' sh "$RUNC_MINI" "$BUNDLE"
	[ "$status" -eq 0 ]
	[[ "$output" == *":pids:$CG/ctr"* ]]
	[ ! -e "/sys/fs/cgroup/unified$CG" ]
}

# The view crun's benchmark uses: a new tmpfs on /sys/fs/cgroup with some
# v1 hierarchies mounted again on it; the old mounts below are hidden.
@test "a new tmpfs over /sys/fs/cgroup: its hierarchies are used, not the hidden ones" {
	[ -d /sys/fs/cgroup/pids ] && [ -d /sys/fs/cgroup/memory ] || skip "no v1 pids and memory"
	cfg '.linux.resources = {"pids": {"limit": 20}}'
	sh_args 'cat /proc/self/cgroup'
	cfg '.linux.namespaces |= map(select(.type != "cgroup"))'
	# shellcheck disable=SC2016 # expanded by the inner sh
	# Other tests running at the same time may have a rootfs with cgroup
	# mounts in it for a moment: out of this private view (only) with them.
	run unshare -m --propagation private sh -c '
		awk "{ for (i = 7; \$i != \"-\"; i++); if (\$(i + 1) ~ /^cgroup/ && \$5 !~ /^\/sys\/fs\/cgroup/) print \$5 }" /proc/self/mountinfo |
			xargs -r -n1 umount -l 2>/dev/null
		mount -t tmpfs rm-view /sys/fs/cgroup &&
		mkdir /sys/fs/cgroup/pids /sys/fs/cgroup/memory &&
		mount -t cgroup -o pids cgroup /sys/fs/cgroup/pids &&
		mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory && exec "$@"' sh "$RUNC_MINI" "$BUNDLE"
	[ "$status" -eq 0 ]
	[[ "$output" == *":pids:$CG/ctr"* ]]
	[[ "$output" == *":memory:$CG/ctr"* ]]
	# Hidden in that view: not joined.
	[[ "$output" != *":cpu:$CG"* ]]
	[[ "$output" != *"0::$CG"* ]]
}

# runc 1.1's list, as its devices.list shows it for the same configs
# (compared sorted: the kernel lists rules in the order they were written).
runc_devices='b *:* m
c *:* m
c 1:3 rwm
c 1:5 rwm
c 1:7 rwm
c 1:8 rwm
c 1:9 rwm
c 5:0 rwm
c 5:2 rwm
c 10:200 rwm
c 136:* rwm'

@test "devices: the default rules are exactly runc's, with or without config rules" {
	[ -d /sys/fs/cgroup/devices ] || skip "no v1 devices controller"
	sh_args 'cat /sys/fs/cgroup/devices/devices.list'
	cfg '.linux.resources = {"devices": [{"allow": false, "access": "rwm"}]}'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sort)" = "$(printf '%s\n' "$runc_devices" | sort)" ]
	cfg 'del(.linux.resources)'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sort)" = "$(printf '%s\n' "$runc_devices" | sort)" ]
}

@test "devices: /dev/console (5:1) is closed unless the config allows it" {
	[ -c /dev/console ] || skip "no /dev/console"
	cfg '.mounts += [{"destination": "/dev/hostconsole", "type": "bind", "source": "/dev/console", "options": ["bind"]}]'
	cfg '.process.args = ["/probe", "open", "/dev/hostconsole"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val open)" = EPERM ]
}

# A new v1 cpu cgroup has no realtime budget, and a child can never have
# more than its parent: the directories made above the container's get
# the budget it asks for.
@test "cpu.realtimeRuntime under new intermediate directories, with SCHED_FIFO" {
	[ -f /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] || skip "no v1 cpu realtime group scheduling"
	chrt -f 10 true 2>/dev/null || skip "SCHED_FIFO is refused on this host"
	cfg --arg p "$CG/a/ctr" '.linux.cgroupsPath = $p
	     | .linux.resources = {"cpu": {"realtimeRuntime": 10000, "realtimePeriod": 1000000}}
	     | .process.scheduler = {"policy": "SCHED_FIFO", "priority": 10}'
	sh_args '/probe proc; echo rt=$(cat /sys/fs/cgroup/cpu/cpu.rt_runtime_us)'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val sched_policy)" = 1 ]
	[ "$(val rt)" = 10000 ]
}

@test "memory.kernelTCP is applied on v1; memory.kernel is ignored with a warning" {
	[ -f /sys/fs/cgroup/memory/memory.kmem.tcp.limit_in_bytes ] || skip "no v1 kmem.tcp"
	cfg '.linux.resources = {"memory": {"kernelTCP": 16777216, "kernel": 33554432}}'
	sh_args 'echo tcp=$(cat /sys/fs/cgroup/memory/memory.kmem.tcp.limit_in_bytes)
		echo kmem=$(cat /sys/fs/cgroup/memory/memory.kmem.limit_in_bytes)'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(val tcp)" = 16777216 ]
	[ "$(val kmem)" != 33554432 ]
	[[ "$output" == *"warning: "*"linux.resources.memory.kernel: kernel memory limits are deprecated and ignored"* ]]
}

# Without a pid namespace the init's children outlive it: they are killed
# with everything else in the container's cgroup, and the cgroups go.
@test "no pid namespace: what the init leaves behind is killed and its cgroups removed" {
	local tag=7$$.$BATS_TEST_NUMBER
	cfg --arg t "$tag" '.linux.namespaces |= map(select(.type != "pid"))
	     | .process.args = ["/bin/sh", "-c", "/probe sleep " + $t + " & /probe sleep " + $t + " & echo started"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *started* ]]
	! pgrep -f "probe sleep $tag"
}

@test "no pid namespace, detached: delete kills the leftovers and removes the cgroups" {
	local tag=8$$.$BATS_TEST_NUMBER root=$BATS_TEST_TMPDIR/state id=lo-$$
	cfg --arg t "$tag" '.linux.namespaces |= map(select(.type != "pid"))
	     | .process.args = ["/bin/sh", "-c", "/probe sleep " + $t + " & exit 0"]'
	"$RUNC_MINI" --root "$root" run -d --bundle "$BUNDLE" "$id" </dev/null >/dev/null 2>&1
	for i in $(seq 100); do
		[ "$("$RUNC_MINI" --root "$root" state "$id" | jq -r .status)" = stopped ] && break
		sleep 0.05
	done
	pgrep -f "probe sleep $tag" >/dev/null
	run "$RUNC_MINI" --root "$root" delete "$id"
	[ "$status" -eq 0 ]
	! pgrep -f "probe sleep $tag"
	[ ! -e "$root/$id" ]
}

@test "linux.intelRdt: refused clearly without a resctrl mount, nothing left" {
	! grep -q ' - resctrl ' /proc/self/mountinfo || skip "resctrl is mounted here"
	cfg '.linux.intelRdt = {"l3CacheSchema": "L3:0=ff"} | .process.args = ["/probe", "exit", "0"]'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.intelRdt: no resctrl filesystem is mounted"* ]]
	# closID that leaves the resctrl mount, and a bad memBwSchema: refused at decode
	cfg '.linux.intelRdt = {"closID": "../x"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.intelRdt.closID"*"one directory name"* ]]
	cfg '.linux.intelRdt = {"memBwSchema": "L3:0=1"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.intelRdt.memBwSchema"*"MB:"* ]]
}
