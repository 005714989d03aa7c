#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# The runc command line: create, start, run, state, kill, delete, list, ps,
# pause, resume, with runc's output formats and error wording.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=lc-$$-$BATS_TEST_NUMBER
	cfg '.process.args = ["/probe", "sleep", "60"]'
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
	[ ! -e "$ROOT/$RM_ID" ]
}

status_of() { rm_ state "$1" | jq -r .status; }

@test "create leaves the init waiting, start runs the process" {
	rm_ create --bundle "$BUNDLE" --pid-file "$BATS_TEST_TMPDIR/pid" "$RM_ID" </dev/null >/dev/null 2>&1
	local pid; pid=$(cat "$BATS_TEST_TMPDIR/pid")
	# runc writes the pid without a newline
	[ "$(wc -l <"$BATS_TEST_TMPDIR/pid")" -eq 0 ]
	[ "$(status_of "$RM_ID")" = created ]
	[ "$(rm_ state "$RM_ID" | jq -r .pid)" = "$pid" ]
	# not exec'd yet: still runc-mini's image
	[[ "$(readlink /proc/$pid/exe)" == *runc-mini* ]]
	run rm_ start "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(status_of "$RM_ID")" = running ]
	for _ in $(seq 50); do [[ "$(readlink /proc/$pid/exe)" == */probe ]] && break; sleep 0.05; done
	[[ "$(readlink /proc/$pid/exe)" == */probe ]]
}

@test "state prints the OCI state with runc's fields" {
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ state "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(jq -r .ociVersion <<<"$output")" != null ]
	[ "$(jq -r .id <<<"$output")" = "$RM_ID" ]
	[ "$(jq -r .bundle <<<"$output")" = "$BUNDLE" ]
	[ "$(jq -r .rootfs <<<"$output")" = "$BUNDLE/rootfs" ]
	jq -r .created <<<"$output" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$'
}

@test "annotations are kept in the state" {
	cfg '.annotations = {"org.example/key": "va\"lue", "b": "2"}'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ state "$RM_ID"
	[ "$(jq -r '.annotations["org.example/key"]' <<<"$output")" = 'va"lue' ]
	[ "$(jq -r '.annotations.b' <<<"$output")" = 2 ]
}

@test "a missing container: runc's wording" {
	run rm_ state nosuch
	[ "$status" -ne 0 ]
	[[ "$output" == *"container does not exist"* ]]
	run rm_ kill nosuch
	[[ "$output" == *"container does not exist"* ]]
	run rm_ start nosuch
	[[ "$output" == *"container does not exist"* ]]
}

@test "ids are validated" {
	for bad in "../x" "a/b" "." ".." "" "sp ace"; do
		run rm_ create --bundle "$BUNDLE" "$bad"
		[ "$status" -ne 0 ]
		[[ "$output" == *"invalid container id"* ]] || [[ "$output" == *"container id is required"* ]]
	done
	[ ! -e "$BATS_TEST_TMPDIR/x" ]
}

@test "a second create of the same id fails and leaves the first alone" {
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"container with id exists: $RM_ID"* ]]
	[ "$(status_of "$RM_ID")" = created ]
}

@test "kill sends the signal (names, SIG names and numbers)" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1
	for _ in $(seq 100); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.05; done
	run rm_ kill "$RM_ID" SIGUSR1
	[ "$status" -eq 0 ]
	for _ in $(seq 100); do [ "$(status_of "$RM_ID")" = stopped ] && break; sleep 0.05; done
	[ "$(status_of "$RM_ID")" = stopped ]
	grep -q got=SIGUSR1 "$BATS_TEST_TMPDIR/out"
}

@test "kill of a stopped container: container not running" {
	cfg '.process.args = ["/probe", "exit", "0"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	for _ in $(seq 100); do [ "$(status_of "$RM_ID")" = stopped ] && break; sleep 0.05; done
	run rm_ kill "$RM_ID" 15
	[ "$status" -ne 0 ]
	[[ "$output" == *"container not running"* ]]
}

@test "kill with an unknown signal" {
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ kill "$RM_ID" SIGNOPE
	[ "$status" -ne 0 ]
	[[ "$output" == *'unknown signal "SIGNOPE"'* ]]
}

@test "kill --all reaches every process of the container" {
	cfg '.process.args = ["/bin/sh", "-c", "trap \"\" TERM; sleep 60 & sleep 60 & wait"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	for _ in $(seq 100); do [ "$(rm_ ps --format json "$RM_ID" | jq length)" -ge 3 ] && break; sleep 0.05; done
	local pids; pids=$(rm_ ps --format json "$RM_ID" | jq -r '.[]')
	[ "$(wc -w <<<"$pids")" -ge 3 ]
	run rm_ kill --all "$RM_ID" KILL
	[ "$status" -eq 0 ]
	for _ in $(seq 100); do [ "$(status_of "$RM_ID")" = stopped ] && break; sleep 0.05; done
	for p in $pids; do ! kill -0 "$p" 2>/dev/null || [ "$(awk '{print $3}' /proc/$p/stat)" = Z ]; done
}

@test "delete of a created container kills the waiting init, without --force too (runc)" {
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	local pid; pid=$(rm_ state "$RM_ID" | jq .pid)
	kill -0 "$pid"
	run rm_ delete "$RM_ID"
	[ "$status" -eq 0 ]
	[ ! -e "$ROOT/$RM_ID" ]
	! kill -0 "$pid" 2>/dev/null || [ "$(awk '{print $3}' /proc/$pid/stat)" = Z ]
	run rm_ state "$RM_ID"
	[ "$status" -ne 0 ]
}

@test "delete refuses a running container, --force removes it" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ delete "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot delete container $RM_ID that is not stopped: running"* ]]
	local pid; pid=$(rm_ state "$RM_ID" | jq .pid)
	run rm_ delete --force "$RM_ID"
	[ "$status" -eq 0 ]
	[ ! -e "$ROOT/$RM_ID" ]
	for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; [ "$(awk '{print $3}' /proc/$pid/stat)" = Z ] && break; sleep 0.05; done
	! kill -0 "$pid" 2>/dev/null || [ "$(awk '{print $3}' /proc/$pid/stat)" = Z ]
	# A second delete --force of a gone container is harmless.
	run rm_ delete --force "$RM_ID"
	[ "$status" -eq 0 ]
	run rm_ delete "$RM_ID"
	[ "$status" -ne 0 ]
}

@test "delete of a stopped container removes its state and cgroup" {
	cfg '.process.args = ["/probe", "exit", "3"] | .linux.resources.pids = {"limit": 10}'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	for _ in $(seq 100); do [ "$(status_of "$RM_ID")" = stopped ] && break; sleep 0.05; done
	local cg; cg=$(find /sys/fs/cgroup -maxdepth 4 -type d -name "$RM_ID" | head -n 1)
	[ -n "$cg" ]
	run rm_ delete "$RM_ID"
	[ "$status" -eq 0 ]
	[ ! -e "$cg" ]
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "run in the foreground gives the exit status and deletes the container" {
	cfg '.process.args = ["/probe", "exit", "9"]'
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 9 ]
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "run -d returns while the process runs" {
	rm_ run -d --bundle "$BUNDLE" --pid-file "$BATS_TEST_TMPDIR/pid" "$RM_ID" </dev/null >/dev/null 2>&1
	[ "$(status_of "$RM_ID")" = running ]
	[ "$(rm_ state "$RM_ID" | jq .pid)" = "$(cat "$BATS_TEST_TMPDIR/pid")" ]
}

@test "start of a running or stopped container fails" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ start "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot start an already running container"* ]]
	rm_ kill "$RM_ID" KILL
	for _ in $(seq 100); do [ "$(status_of "$RM_ID")" = stopped ] && break; sleep 0.05; done
	run rm_ start "$RM_ID"
	[[ "$output" == *"cannot start a container that has stopped"* ]]
}

@test "list shows containers in table and json, -q only ids" {
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ list
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "ID"*"PID"*"STATUS"*"BUNDLE"*"CREATED"*"OWNER" ]]
	[[ "${lines[1]}" == "$RM_ID "*created* ]]
	run rm_ list --format json
	[ "$(jq -r '.[0].id' <<<"$output")" = "$RM_ID" ]
	[ "$(jq -r '.[0].status' <<<"$output")" = created ]
	run rm_ list -q
	[ "$output" = "$RM_ID" ]
}

@test "ps --format json lists the host pids of the container" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ ps --format json "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(jq -r '.[0]' <<<"$output")" = "$(rm_ state "$RM_ID" | jq .pid)" ]
	run rm_ ps "$RM_ID"
	[[ "${lines[0]}" == *PID* ]]
	[[ "$output" == *probe* ]]
}

@test "ps ID [--] OPTIONS passes the options to ps (runc)" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	local pid; pid=$(rm_ state "$RM_ID" | jq .pid)
	local form
	for form in "-- -o pid,comm" "-o pid,comm"; do
		# shellcheck disable=SC2086
		run rm_ ps "$RM_ID" $form
		echo "$output"
		[ "$status" -eq 0 ]
		[ "$(echo ${lines[0]})" = "PID COMMAND" ]
		[ "${#lines[@]}" -eq 2 ]
		[ "$(echo ${lines[1]})" = "$pid probe" ]
	done
	# without a PID column nothing can be matched: runc's error
	run rm_ ps "$RM_ID" -- -o comm
	[ "$status" -ne 0 ]
	[ "$output" = "ps: couldn't find PID field in ps output" ]
	# ps's own complaint is passed on
	run rm_ ps "$RM_ID" -- --no-such-ps-option
	[ "$status" -ne 0 ]
	[[ "$output" == "ps: exit status 1: "* ]]
}

@test "pause freezes every process, resume thaws" {
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	local pid; pid=$(rm_ state "$RM_ID" | jq .pid)
	run rm_ pause "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(status_of "$RM_ID")" = paused ]
	# a frozen task sleeps in the freezer
	grep -Eq '^State:.*(D|S)' /proc/$pid/status
	run rm_ pause "$RM_ID"
	run rm_ resume "$RM_ID"
	[ "$status" -eq 0 ]
	[ "$(status_of "$RM_ID")" = running ]
	run rm_ resume "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"container not paused"* ]]
}

@test "concurrent creates of different containers all succeed" {
	local i
	for i in 1 2 3 4 5 6; do
		rm_ create --bundle "$BUNDLE" "$RM_ID-$i" </dev/null >"$BATS_TEST_TMPDIR/c$i" 2>&1 &
	done
	wait
	for i in 1 2 3 4 5 6; do
		[ "$(status_of "$RM_ID-$i")" = created ] || { cat "$BATS_TEST_TMPDIR/c$i"; false; }
	done
	[ "$(rm_ list -q | wc -l)" -eq 6 ]
	for i in 1 2 3 4 5 6; do rm_ delete --force "$RM_ID-$i"; done
	[ "$(rm_ list -q | wc -l)" -eq 0 ]
}

@test "a create/delete race on one id leaves either a container or nothing" {
	local i
	for i in $(seq 8); do
		rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1 &
		rm_ delete --force "$RM_ID" >/dev/null 2>&1 &
		rm_ delete --force "$RM_ID" >/dev/null 2>&1 &
		wait
		if [ -e "$ROOT/$RM_ID" ]; then
			[ "$(status_of "$RM_ID")" = created ]
			rm_ delete --force "$RM_ID"
		fi
		[ ! -e "$ROOT/$RM_ID" ]
	done
}

@test "a failing create leaves no state, cgroup or process" {
	cfg '.process.args = ["/nonexistent"] | .linux.resources.pids = {"limit": 10}'
	run rm_ create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *'exec: "/nonexistent": stat /nonexistent: no such file or directory'* ]]
	[ ! -e "$ROOT/$RM_ID" ]
	[ -z "$(find /sys/fs/cgroup -maxdepth 4 -type d -name "$RM_ID")" ]
}

@test "--log-format json: exactly one error line on a failed create" {
	cfg '.process.args = ["/nonexistent"]'
	run rm_ --log "$BATS_TEST_TMPDIR/log" --log-format=json create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/log")" -eq 1 ]
	[ "$(jq -r .level "$BATS_TEST_TMPDIR/log")" = error ]
	[[ "$(jq -r .msg "$BATS_TEST_TMPDIR/log")" == *'no such file or directory' ]]
}

@test "--systemd-cgroup is refused with a clear error" {
	run rm_ --systemd-cgroup create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"systemd"* ]]
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "a terminal without a console socket cannot detach" {
	cfg '.process.terminal = true'
	run rm_ create --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot allocate tty if runc-mini will detach without setting console socket"* ]]
	[ ! -e "$ROOT/$RM_ID" ]
}

@test "the bundle form keeps state while it runs and removes it after" {
	"$RUNC_MINI" --root "$ROOT" "$BUNDLE" >"$BATS_TEST_TMPDIR/out" &
	local bg=$!
	for _ in $(seq 100); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.05; done
	local id; id=$(rm_ list -q)
	[[ "$id" == bundle-* ]]
	[ "$(status_of "$id")" = running ]
	kill -TERM "$bg"
	wait "$bg" || true
	[ -z "$(rm_ list -q)" ]
}

@test "create --console-socket sends the container's pty, runc's way" {
	cfg '.process.terminal = true | .process.args = ["/bin/sh", "-c", "read l; echo got:$l; /probe all"]'
	python3 "$TOP/tests/integ/recvtty.py" "$BATS_TEST_TMPDIR/sock" typed 5 >"$BATS_TEST_TMPDIR/tty.out" &
	local peer=$!
	for _ in $(seq 100); do [ -e "$BATS_TEST_TMPDIR/sock.ready" ] && break; sleep 0.05; done
	rm_ create --bundle "$BUNDLE" --console-socket "$BATS_TEST_TMPDIR/sock" "$RM_ID" </dev/null >/dev/null 2>&1
	rm_ start "$RM_ID"
	wait "$peer" || true
	grep -q '^name=/dev/pts/0' "$BATS_TEST_TMPDIR/tty.out"
	grep -q 'got:typed' "$BATS_TEST_TMPDIR/tty.out"
	grep -q 'tty=1' "$BATS_TEST_TMPDIR/tty.out"
}

@test "features says what this build supports" {
	run "$RUNC_MINI" features
	[ "$status" -eq 0 ]
	[ "$(jq -r .ociVersionMin <<<"$output")" = 1.0.0 ]
	[ "$(jq -r '.hooks | length' <<<"$output")" -eq 6 ]
	jq -e '.linux.namespaces | index("pid") and index("user") and index("cgroup")' <<<"$output" >/dev/null
	jq -e '.linux.capabilities | index("CAP_SYS_ADMIN")' <<<"$output" >/dev/null
	jq -e '.mountOptions | index("rbind") and index("nosuid")' <<<"$output" >/dev/null
	# every listed option is one the parser takes as a flag, never as data
	[ "$(jq -r '.mountOptions | index("mode=755")' <<<"$output")" = null ]
	[ "$(jq -r .linux.cgroup.systemd <<<"$output")" = false ]
}

@test "run --no-pivot: MS_MOVE + chroot (the path an initramfs root takes) still hides the host" {
	mkdir -p "$BATS_TEST_TMPDIR/host-only"
	touch "$BATS_TEST_TMPDIR/host-only/marker"
	cfg --arg m "$BATS_TEST_TMPDIR/host-only/marker" '.process.args = ["/bin/sh", "-c", "/probe stat \($m); /probe stat /probe; /probe all"]'
	run rm_ run --no-pivot --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = exists=0 ]
	printf '%s\n' "$output" | grep -q '^exists=1'
	[ "$(val pid)" = 1 ]
	[ "$(val cwd)" = / ]
}

@test "without cgroupsPath the cgroup is /<id> in each hierarchy, as runc's" {
	[ -d /sys/fs/cgroup/pids ] || skip "no v1 pids hierarchy"
	cfg 'del(.linux.cgroupsPath)'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	local pid
	pid=$(rm_ state "$RM_ID" | jq -r .pid)
	grep -qx "[0-9]*:pids:/$RM_ID" "/proc/$pid/cgroup"
	[ -d "/sys/fs/cgroup/pids/$RM_ID" ]
	[ ! -e "/sys/fs/cgroup/pids/runc-mini/$RM_ID" ]
	rm_ delete --force "$RM_ID"
	[ ! -e "/sys/fs/cgroup/pids/$RM_ID" ]
	[ ! -e "/sys/fs/cgroup/memory/$RM_ID" ]
}

@test "create accepts a config without process; start refuses it clearly (runtime-spec)" {
	cfg 'del(.process)'
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	[ "$(status_of "$RM_ID")" = created ]
	run rm_ start "$RM_ID"
	[ "$status" -ne 0 ]
	[ "$output" = "cannot start container $RM_ID: its config.json has no process (required at start)" ]
	# the init still waits: the container can be deleted as a created one
	[ "$(status_of "$RM_ID")" = created ]
	run rm_ delete "$RM_ID"
	[ "$status" -eq 0 ]
	[ ! -e "$ROOT/$RM_ID" ]
	# run starts at once: it needs the process up front
	run rm_ run --bundle "$BUNDLE" "$RM_ID"
	[ "$status" -ne 0 ]
	[ "$output" = "config.json: process: required to run a container" ]
	[ ! -e "$ROOT/$RM_ID" ]
}

# strace delivers the signal when runc-mini enters its first kill(2), that
# is between the freeze and the thaw of `kill --all`.
@test "kill --all interrupted between freeze and thaw: never left frozen; delete -f thaws" {
	[ -d /sys/fs/cgroup/freezer ] || skip "no v1 freezer"
	command -v strace >/dev/null || skip "no strace"
	# SIGCONT changes nothing for these (the probe's sleep would end on it)
	cfg '.process.args = ["/bin/sh", "-c", "sleep 1000; :"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	[ "$(status_of "$RM_ID")" = running ]
	run strace -o /dev/null -e trace=kill -e inject=kill:signal=TERM:when=1 \
		"$RUNC_MINI" --root "$ROOT" kill --all "$RM_ID" CONT
	[ "$(status_of "$RM_ID")" = running ]
	# SIGKILL cannot be held off: frozen, then delete -f thaws and removes all.
	run strace -o /dev/null -e trace=kill -e inject=kill:signal=KILL:when=1 \
		"$RUNC_MINI" --root "$ROOT" kill --all "$RM_ID" CONT
	[ "$(status_of "$RM_ID")" = paused ]
	run rm_ delete --force "$RM_ID"
	[ "$status" -eq 0 ]
	[ ! -e "$ROOT/$RM_ID" ]
}
