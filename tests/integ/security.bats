#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# Attacks from a hostile image or config, run for real from inside the
# container.  The "host files" here are files the test makes in its own
# temporary directory: never the host's /dev, /proc/sys or core_pattern.

load helpers
load userns

setup() { make_bundle; }
teardown() { assert_host_clean; }

# A host directory bound on /dev in place of the default tmpfs (a shared
# /dev, as engines make); its "null" is a plain file of the host.
bind_host_dev() {
	HOSTDEV=$BATS_TEST_TMPDIR/hostdev
	mkdir -p "$HOSTDEV"
	echo original >"$HOSTDEV/null"
	cfg --arg s "$HOSTDEV" '.mounts |= map(select(.destination | startswith("/dev/") | not))
	     | (.mounts[] | select(.destination == "/dev")) |= {"destination": "/dev", "type": "bind", "source": $s, "options": ["rbind", "rw"]}'
}

@test "CVE-2025-31133: a masked path is never a view of the file bound on the container's /dev/null" {
	bind_host_dev
	cfg '.process.args = ["/bin/sh", "-c", "echo pwned >/proc/keys; echo pwned >/proc/timer_list; cat /proc/keys | wc -c; /probe ls /proc | grep -E \"^(keys|timer_list) \"; grep -E \" /proc/(keys|timer_list) \" /proc/self/mountinfo | cut -d\" \" -f6"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(cat "$HOSTDEV/null")" = original ]
	[ "${lines[0]}" = 0 ]
	# runc-mini's own null device, read-only
	printf '%s\n' "$output" | grep -qx 'keys c 0666 1:3'
	printf '%s\n' "$output" | grep -qx 'timer_list c 0666 1:3'
	[ "$(printf '%s\n' "$output" | grep -c '^ro,nosuid,noexec')" -eq 2 ]
}

@test "CVE-2025-31133: a masked path is never a view of a host file, in a user namespace too" {
	bind_host_dev
	userns_bundle
	cfg '.process.args = ["/bin/sh", "-c", "echo pwned >/proc/keys; cat /proc/keys | wc -c; /probe ls /proc | grep -E \"^keys \""]'
	chmod 0666 "$HOSTDEV/null"
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(cat "$HOSTDEV/null")" = original ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 'keys c 0666 1:3' ]
}

@test "CVE-2025-31133: with runc-mini's own /dev tmpfs the masks' null device is made there, checked, and leaves no name" {
	cfg '.process.args = ["/bin/sh", "-c", "echo pwned >/proc/keys; cat /proc/keys | wc -c; /probe ls /proc | grep -E \"^keys \"; ls -A /dev | grep -c runc-mini; grep -E \" /(dev|proc/keys) \" /proc/self/mountinfo | cut -d\" \" -f3,5,6"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 'keys c 0666 1:3' ]
	[ "${lines[2]}" = 0 ]
	# The mask is a read-only bind from the /dev tmpfs (same device): no
	# private tmpfs was mounted, and unmounted, for it.
	dev=$(printf '%s\n' "$output" | awk '$2 == "/dev" { print $1 }')
	[ -n "$dev" ]
	printf '%s\n' "$output" | grep -qx "$dev /proc/keys ro,nosuid,noexec"
}

@test "CVE-2025-31133: an image that plants the null device's name in a copied-up /dev gets the private null device" {
	rm -rf "$BUNDLE/rootfs/dev"
	mkdir -p "$BUNDLE/rootfs/dev"
	echo original >"$BATS_TEST_TMPDIR/planted"
	ln -s "$BATS_TEST_TMPDIR/planted" "$BUNDLE/rootfs/dev/.runc-mini-null"
	cfg '(.mounts[] | select(.destination == "/dev")).options += ["tmpcopyup"]
	     | .process.args = ["/bin/sh", "-c", "echo pwned >/proc/keys; cat /proc/keys | wc -c; /probe ls /proc | grep -E \"^keys \"; grep -E \" /(dev|proc/keys) \" /proc/self/mountinfo | cut -d\" \" -f3,5,6"]'
	run_bundle
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(cat "$BATS_TEST_TMPDIR/planted")" = original ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 'keys c 0666 1:3' ]
	# Read-only, and not from the /dev tmpfs whose name was taken.
	dev=$(printf '%s\n' "$output" | awk '$2 == "/dev" { print $1 }')
	keys=$(printf '%s\n' "$output" | awk '$2 == "/proc/keys" { print $1 }')
	[ -n "$dev" ] && [ -n "$keys" ] && [ "$dev" != "$keys" ]
	printf '%s\n' "$output" | grep -q "^$keys /proc/keys ro,nosuid,noexec"
	[ -L "$BUNDLE/rootfs/dev/.runc-mini-null" ]
}

@test "a host directory bound on /dev is never populated, however the bind is spelled" {
	local spelling
	for spelling in '{"type": "none", "options": ["rbind"]}' '{"options": ["bind", "rw"]}' \
			'{"destination": "/dev/", "type": "bind", "options": ["rw"]}'; do
		rm -rf "$BATS_TEST_TMPDIR/hostdev"
		mkdir -p "$BATS_TEST_TMPDIR/hostdev"
		echo keep >"$BATS_TEST_TMPDIR/hostdev/tty"
		touch -d '2020-01-01' "$BATS_TEST_TMPDIR/hostdev/tty" "$BATS_TEST_TMPDIR/hostdev"
		rm -rf "$BUNDLE"
		make_bundle
		# The default /dev tmpfs first, the host directory over it last.
		cfg --arg s "$BATS_TEST_TMPDIR/hostdev" --argjson m "$spelling" \
			'.mounts += [{"destination": "/dev", "source": $s} + $m]
			 | .linux.devices = [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229}]
			 | .process.args = ["/bin/sh", "-c", "cat /dev/tty"]'
		run_bundle
		echo "$spelling: $output"
		[ "$status" -eq 0 ]
		[ "$output" = keep ]
		[ "$(ls -A "$BATS_TEST_TMPDIR/hostdev")" = tty ]
		[ "$(stat -c '%F %Y' "$BATS_TEST_TMPDIR/hostdev/tty")" = "regular file $(date -d 2020-01-01 +%s)" ]
		[ "$(stat -c %Y "$BATS_TEST_TMPDIR/hostdev")" = "$(date -d 2020-01-01 +%s)" ]
	done
}

@test "a tmpfs the config mounts on /dev after another is populated" {
	cfg '.mounts += [{"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]}]
	     | .process.args = ["/probe", "ls", "/dev"]'
	run_bundle
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'null c 0666 1:3'
	printf '%s\n' "$output" | grep -qx 'ptmx l -> pts/ptmx'
}

@test "a device bound in a user namespace must be the device the config names, not a host file" {
	echo hostsecret >"$BATS_TEST_TMPDIR/hostfile"
	chmod 0666 "$BATS_TEST_TMPDIR/hostfile"
	userns_bundle
	cfg --arg p "$BATS_TEST_TMPDIR/hostfile" '.linux.devices = [{"path": $p, "type": "c", "major": 1, "minor": 3}]
	     | .process.args = ["/bin/sh", "-c", "cat \($p); echo pwned >\($p)"]'
	run_bundle
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"is not the character device 1:3"* ]]
	[ "$(cat "$BATS_TEST_TMPDIR/hostfile")" = hostsecret ]
}

@test "CVE-2025-52565 class: a /dev/pts/ptmx that is not the pty multiplexer is refused" {
	echo hostfile >"$BATS_TEST_TMPDIR/fakeptmx"
	cfg --arg s "$BATS_TEST_TMPDIR/fakeptmx" '.process.terminal = true
	     | .mounts += [{"destination": "/dev/pts/ptmx", "type": "bind", "source": $s, "options": ["bind"]}]'
	run script -qfec "'$RUNC_MINI' run --bundle '$BUNDLE' ptmx-$$" /dev/null
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"/dev/ptmx is not the pty multiplexer 5:2"* ]]
	[ "$(cat "$BATS_TEST_TMPDIR/fakeptmx")" = hostfile ]
}

@test "the console is the container's own pty, bound on /dev/console" {
	cfg '.process.terminal = true | .process.args = ["/bin/sh", "-c", "/probe stat /dev/console | grep rdev; tty"]'
	run script -qfec "'$RUNC_MINI' run --bundle '$BUNDLE' console-$$" /dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	local a b
	a=$(printf '%s\n' "$output" | tr -d '\r\0' | grep -o 'rdev=.*')
	b=$(printf '%s\n' "$output" | tr -d '\r\0' | grep -o '/dev/pts/[0-9]*')
	[ "$a" = "rdev=136:${b#/dev/pts/}" ]
}

@test "while a container is created, the helper waiting on exec.fifo reaches no path of the host" {
	local root=$BATS_TEST_TMPDIR/state id=opener-$$
	cfg '.process.args = ["/probe", "sleep", "60"]'
	"$RUNC_MINI" --root "$root" create --bundle "$BUNDLE" "$id" </dev/null >/dev/null 2>&1
	local init opener rootlink cwdlink nfds gone=no
	init=$("$RUNC_MINI" --root "$root" state "$id" | jq -r .pid)
	opener=$(pgrep -P "$init")
	rootlink=$(readlink "/proc/$opener/root")
	cwdlink=$(readlink "/proc/$opener/cwd")
	ls -l "/proc/$opener/fd"
	nfds=$(ls "/proc/$opener/fd" | wc -l)
	"$RUNC_MINI" --root "$root" start "$id"
	kill -0 "$opener" 2>/dev/null || gone=yes
	"$RUNC_MINI" --root "$root" delete --force "$id"
	echo "init=$init opener=$opener root=$rootlink cwd=$cwdlink fds=$nfds gone=$gone"
	[ -n "$opener" ]
	# its root and cwd are its own /proc/PID/fd (named from that procfs
	# mount's root), not the host's /
	[[ "$rootlink" == */"$opener"/fd ]]
	[[ "$cwdlink" == */"$opener"/fd ]]
	# stdio, the fifo (O_PATH), /proc, its own /proc/self/fd, the socket to the init
	[ "$nfds" -le 7 ]
	[ "$gone" = yes ]
}
