#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# linux.sysctl: only keys namespaced by the container's own namespaces are
# written (checked from inside), host-wide ones are refused and the host's
# value is left alone.

load helpers

setup() {
	make_bundle
	NETNS=rmsysctl-$$-${BATS_TEST_NUMBER}
}
teardown() {
	ip netns del "$NETNS" 2>/dev/null || true
	assert_host_clean
}

@test "a net.* key is set in the container's network namespace only" {
	local host; host=$(cat /proc/sys/net/ipv4/ip_forward)
	local want=$((1 - host))
	cfg --arg v "$want" '.linux.sysctl = {"net.ipv4.ip_forward": $v, "net.ipv4.ping_group_range": "0 2147483647"}
	     | .process.args = ["/bin/sh", "-c", "cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/ping_group_range"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$want" ]
	[[ "${lines[1]}" =~ ^0[[:space:]]+2147483647$ ]]
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$host" ]
}

@test "ipc keys (kernel.shm*, kernel.msg*, fs.mqueue.*) are set in the ipc namespace only" {
	local host; host=$(cat /proc/sys/kernel/msgmax)
	cfg '.linux.sysctl = {"kernel.msgmax": "4321", "kernel.shmmni": "1234", "fs.mqueue.msg_max": "42"}
	     | .process.args = ["/bin/sh", "-c", "cat /proc/sys/kernel/msgmax /proc/sys/kernel/shmmni /proc/sys/fs/mqueue/msg_max"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 4321 ]
	[ "${lines[1]}" = 1234 ]
	[ "${lines[2]}" = 42 ]
	[ "$(cat /proc/sys/kernel/msgmax)" = "$host" ]
}

@test "kernel.hostname and kernel.domainname are refused: the config has fields for them (runc, crun)" {
	local key field
	for key in kernel.hostname kernel.domainname; do
		field=${key#kernel.}
		cfg --arg k "$key" '.linux.sysctl = {($k): "sysctl.example"}'
		run_bundle
		assert_one_line_error
		[ "$output" = "config.json: linux.sysctl: \"$key\" is not allowed as it conflicts with the OCI \"$field\" field: set that field instead" ]
	done
	assert_host_clean
}

@test "host-wide keys are refused before anything is made" {
	local host; host=$(cat /proc/sys/kernel/pid_max)
	for key in kernel.pid_max vm.swappiness kernel.hostname.. fs.file-max; do
		cfg --arg k "$key" '.linux.sysctl = {($k): "1"}'
		run_bundle
		assert_one_line_error
		[ "$output" = "config.json: linux.sysctl: \"$key\" is not namespaced by this container's namespaces: it would change the host" ]
	done
	[ "$(cat /proc/sys/kernel/pid_max)" = "$host" ]
}

@test "a namespaced key without that namespace is refused" {
	cfg '.linux.namespaces |= map(select(.type != "network")) | .linux.sysctl = {"net.ipv4.ip_forward": "1"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.sysctl: \"net.ipv4.ip_forward\" is not namespaced"* ]]
	cfg '.linux.namespaces |= map(select(.type != "ipc")) | .linux.sysctl = {"kernel.shmmax": "1"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"\"kernel.shmmax\" is not namespaced"* ]]
}

@test "joining the host's own network namespace by path does not make net.* safe" {
	cfg --arg p "/proc/$$/ns/net" '.linux.namespaces |= map(if .type == "network" then .path = $p else . end)
	     | .linux.sysctl = {"net.ipv4.ip_forward": "1"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"\"net.ipv4.ip_forward\" is not namespaced"* ]]
}

@test "a joined network namespace gets the key" {
	ip netns add "$NETNS"
	cfg --arg p "/var/run/netns/$NETNS" '.linux.namespaces |= map(if .type == "network" then .path = $p else . end)
	     | .linux.sysctl = {"net.ipv4.ip_forward": "1"} | .process.args = ["/probe", "cat", "/proc/sys/net/ipv4/ip_forward"]'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	[ "$(ip netns exec "$NETNS" cat /proc/sys/net/ipv4/ip_forward)" = 1 ]
}

@test "an unknown namespaced key or a bad value names the key" {
	cfg '.linux.sysctl = {"net.ipv4.no_such_key": "1"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.sysctl: net.ipv4.no_such_key=1: "*"no such file or directory" ]]
	cfg '.linux.sysctl = {"net.ipv4.ip_forward": "banana"}'
	run_bundle
	assert_one_line_error
	[[ "$output" == *"linux.sysctl: net.ipv4.ip_forward=banana: "*"invalid argument" ]]
}
