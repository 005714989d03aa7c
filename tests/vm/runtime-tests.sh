# SPDX-License-Identifier: Apache-2.0
# Runs in the guest (busybox sh): the runtime binary with bundles that
# tests/vm/run prepared on the host (/bundles/NAME/config.json, rootfs at
# /rootfs), each limit proven from inside the container.
mode=$1
R=/runc-mini

result() {  # NAME OK-CONDITION-STATUS DETAIL
	if [ "$2" = 0 ]; then echo "RESULT ok $1"; else echo "RESULT FAIL $1: $3"; fi
}

val() {
	printf '%s\n' "$out" | sed -n "s/^$1=//p" | head -n 1
}

runb() {
	out=$("$R" "$@" 2>&1)
	st=$?
}

left_behind() {
	[ -d /sys/fs/cgroup/vmrt ] && echo yes
}

if [ "$mode" = v2 ]; then
	runb /bundles/pids
	[ "$(val forked)" = 4 ]
	result rt-v2-pids-stops-fork $? "status $st: $out"

	runb /bundles/memory
	[ "$(val dd)" = 137 ] || [ "$st" = 137 ]
	result rt-v2-memory-oom-kill $? "status $st: $out"

	runb /bundles/cpu
	t=$(val throttled)
	[ "$st" = 0 ] && [ "${t:-0}" -gt 0 ]
	result rt-v2-cpu-throttled $? "status $st: $out"

	runb /bundles/devices
	[ "$(printf '%s\n' "$out" | sed -n 1p)" = open=EPERM ] && [ "$(printf '%s\n' "$out" | sed -n 2p)" = open=ok ]
	result rt-v2-device-denied $? "status $st: $out"

	runb /bundles/devices-allow
	[ "$(val open)" = ok ]
	result rt-v2-device-allowed $? "status $st: $out"

	runb /bundles/bad-value
	[ "$st" != 0 ] && case "$out" in *cpu.max*) true ;; *) false ;; esac
	result rt-v2-rejected-value $? "status $st: $out"

	[ -z "$(left_behind)" ]
	result rt-v2-nothing-left $? "$(ls -R /sys/fs/cgroup/vmrt 2>&1 | head -5)"
else
	runb /bundles/plain
	[ "$st" = 0 ] && [ "$(val ran)" = 1 ]
	result rt-none-runs $? "status $st: $out"

	runb /bundles/pids
	[ "$st" != 0 ] && case "$out" in *linux.resources.pids*) true ;; *) false ;; esac
	result rt-none-limit-refused $? "status $st: $out"

	# --no-pivot given by the user (a tmpfs root here): the chroot walk
	# stays inside; with a user namespace it is refused.
	runb run --no-pivot -b /bundles/escape esc1
	[ "$st" = 0 ] && [ "$(val chroot_walk)" = contained ] && [ "$(val escaped)" = 0 ]
	result rt-no-pivot-chroot-walk-contained $? "status $st: $out"
	runb run --no-pivot -b /bundles/escape-userns esc2
	[ "$st" != 0 ] && case "$out" in *"--no-pivot cannot be used with a user namespace"*) true ;; *) false ;; esac
	result rt-no-pivot-userns-refused $? "status $st: $out"
fi
