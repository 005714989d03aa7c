#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# process.capabilities: a set the config leaves out is an empty set.
# containerd writes "capabilities": {} for a pod that drops ALL; reading
# that as "keep everything" gave a uid-1000 process the host's bounding set
# and a root process every capability back at execve.  Each case reads
# /proc/self/status from inside (the probe) in run, create+start and exec.

load helpers

setup() {
	make_bundle
	ROOT=$BATS_TEST_TMPDIR/state
	RM_ID=caps-$$-$BATS_TEST_NUMBER
	# The model below assumes the caller holds no inheritable capability.
	[ "$(awk '/^CapInh/ {print $2}' /proc/self/status)" = 0000000000000000 ] ||
		skip "the test shell has inheritable capabilities"
}
teardown() {
	"$RUNC_MINI" --root "$ROOT" delete --force "$RM_ID" >/dev/null 2>&1 || true
	assert_host_clean
}

SETS="bounding effective permitted inheritable ambient"
S='["CAP_CHOWN", "CAP_KILL"]'   # 0 and 5
SMASK=$((1 << 0 | 1 << 5))
NONE=0000000000000000

# The capabilities object with every set but those named in $@.
caps_without() {
	local obj='{}' s
	for s in $SETS; do
		[[ " $* " == *" $s "* ]] && continue
		obj=$(jq -c --argjson v "$S" ".$s = \$v" <<<"$obj")
	done
	printf '%s' "$obj"
}

# What the kernel's execve rules give a process of uid $1 whose config
# leaves out the sets named after it, each given set being $S:
# "capbnd=.. capinh=.. capprm=.. capeff=.. capamb=..", or "error" when
# capset must refuse (effective above permitted, inheritable above bounding).
expected_caps() {
	local uid=$1; shift
	local b=$SMASK i=$SMASK p=$SMASK e=$SMASK a=$SMASK s
	for s in "$@"; do
		case $s in
		bounding) b=0 ;; inheritable) i=0 ;; permitted) p=0 ;;
		effective) e=0 ;; ambient) a=0 ;;
		esac
	done
	if (( (e & ~p) || (i & ~b) )); then echo error; return; fi
	a=$((a & p & i))        # ambient needs permitted and inheritable
	local prm eff
	if [ "$uid" = 0 ]; then prm=$((b | i | a)); eff=$prm; else prm=$a; eff=$a; fi
	printf 'capbnd=%016x capinh=%016x capprm=%016x capeff=%016x capamb=%016x\n' \
		"$b" "$i" "$prm" "$eff" "$a"
}

got_caps() {
	printf 'capbnd=%s capinh=%s capprm=%s capeff=%s capamb=%s\n' \
		"$(val capbnd)" "$(val capinh)" "$(val capprm)" "$(val capeff)" "$(val capamb)"
}

# Check $output (a run or exec of /probe all) against expected_caps "$@".
check_caps() {
	local want; want=$(expected_caps "$@")
	if [ "$want" = error ]; then
		[ "$status" -ne 0 ] || { echo "expected a capset error: $output" >&2; return 1; }
		[[ "$output" == *"process.capabilities"* ]] || { echo "$output" >&2; return 1; }
		return 0
	fi
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
	[ "$(got_caps)" = "$want" ] || { echo "want $want"; echo "got  $(got_caps)"; return 1; } >&2
}

@test "run: capabilities {} and no capabilities key give every set empty, as root and uid 1000" {
	local uid
	for uid in 0 1000; do
		cfg --argjson u $uid '.process.user = {"uid": $u, "gid": $u} | .process.noNewPrivileges = false'
		cfg '.process.capabilities = {}'
		run_bundle
		check_caps $uid $SETS
		[ "$(val capbnd)" = $NONE ] && [ "$(val capeff)" = $NONE ]
		cfg 'del(.process.capabilities)'
		run_bundle
		check_caps $uid $SETS
		[ "$(val capbnd)" = $NONE ] && [ "$(val capprm)" = $NONE ]
		# null sets are missing sets
		cfg '.process.capabilities = {"bounding": null, "effective": null, "permitted": null}'
		run_bundle
		check_caps $uid $SETS
	done
}

@test "run: each set missing alone is empty, as root and uid 1000" {
	local uid s
	for uid in 0 1000; do
		cfg --argjson u $uid '.process.user = {"uid": $u, "gid": $u} | .process.noNewPrivileges = false'
		cfg --argjson c "$(caps_without)" '.process.capabilities = $c'
		run_bundle   # all five given: the baseline the model must match too
		check_caps $uid
		for s in $SETS; do
			cfg --argjson c "$(caps_without $s)" '.process.capabilities = $c'
			run_bundle
			echo "uid $uid without $s" >&2
			check_caps $uid $s
		done
	done
}

@test "run: a missing bounding set is dropped even when the others allow nothing" {
	# The classic: drop ALL for a non-root user.  With the old code the
	# process kept CapBnd=000001ffffffffff and a setuid binary regained it all.
	cfg '.process.user = {"uid": 1000, "gid": 1000} | .process.capabilities = {"effective": [], "permitted": []}'
	run_bundle
	[ "$status" -eq 0 ]
	[ "$(val capbnd)" = $NONE ]
}

# create + start: the init's own process.
create_start_probe() {
	rm_ create --bundle "$BUNDLE" "$RM_ID" </dev/null >"$BATS_TEST_TMPDIR/out" 2>&1
	rm_ start "$RM_ID"
	local i
	for i in $(seq 400); do
		[ "$(rm_ state "$RM_ID" | jq -r .status)" = stopped ] && break
		sleep 0.05
	done
	status=0
	output=$(cat "$BATS_TEST_TMPDIR/out")
	rm_ delete "$RM_ID"
}

@test "create/start: {} and each set missing alone" {
	local uid s
	for uid in 0 1000; do
		cfg --argjson u $uid '.process.user = {"uid": $u, "gid": $u} | .process.noNewPrivileges = false'
		cfg '.process.capabilities = {}'
		create_start_probe
		check_caps $uid $SETS
		for s in effective inheritable ambient; do   # the ones capset accepts alone
			cfg --argjson c "$(caps_without $s)" '.process.capabilities = $c'
			create_start_probe
			check_caps $uid $s
		done
	done
}

@test "exec: a container with {} or no key gives exec'd processes empty sets; --cap adds to them" {
	cfg '.process.args = ["/probe", "sleep", "60"] | .process.noNewPrivileges = false'
	cfg '.process.capabilities = {}'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ exec "$RM_ID" /probe all
	check_caps 0 $SETS
	run rm_ exec --user 1000:1000 "$RM_ID" /probe all
	check_caps 1000 $SETS
	# --cap adds to bounding, effective and permitted, as runc's does
	run rm_ exec --cap CAP_CHOWN "$RM_ID" /probe all
	[ "$status" -eq 0 ]
	[ "$(val capbnd)" = "$(capmask 0)" ]
	[ "$(val capeff)" = "$(capmask 0)" ]
	[ "$(val capinh)" = $NONE ]
	rm_ delete --force "$RM_ID"

	cfg 'del(.process.capabilities)'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	run rm_ exec "$RM_ID" /probe all
	check_caps 0 $SETS
}

@test "exec --process: {}, no key and each set missing alone" {
	cfg '.process.args = ["/probe", "sleep", "60"]'
	rm_ run -d --bundle "$BUNDLE" "$RM_ID" </dev/null >/dev/null 2>&1
	local uid s p=$BATS_TEST_TMPDIR/p.json
	for uid in 0 1000; do
		jq -n --argjson u $uid '{args: ["/probe", "all"], cwd: "/", user: {uid: $u, gid: $u}, capabilities: {}}' >"$p"
		run rm_ exec --process "$p" "$RM_ID"
		check_caps $uid $SETS
		jq -n --argjson u $uid '{args: ["/probe", "all"], cwd: "/", user: {uid: $u, gid: $u}}' >"$p"
		run rm_ exec --process "$p" "$RM_ID"
		check_caps $uid $SETS
		for s in $SETS; do
			jq -n --argjson u $uid --argjson c "$(caps_without $s)" \
				'{args: ["/probe", "all"], cwd: "/", user: {uid: $u, gid: $u}, capabilities: $c}' >"$p"
			run rm_ exec --process "$p" "$RM_ID"
			echo "uid $uid without $s" >&2
			check_caps $uid $s
		done
	done
}
