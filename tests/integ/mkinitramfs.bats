#!/usr/bin/env bats
# SPDX-License-Identifier: Apache-2.0
# rootfs-tools/mkinitramfs: the archive's content, the generated boot
# configuration, reproducibility byte for byte, and its errors.

load helpers

setup() {
	make_bundle
	MK=$TOP/rootfs-tools/mkinitramfs
	mkdir -p "$BATS_TEST_TMPDIR/app"
	mv "$BUNDLE" "$BATS_TEST_TMPDIR/app/web"
	B=$BATS_TEST_TMPDIR/app/web
}

@test "the archive holds /init, the bundle and a boot.json from the options" {
	run "$MK" -o "$BATS_TEST_TMPDIR/i.gz" --binary "$RUNC_MINI" --restart on-failure:3:250 --stop INT:5000 \
		--on-exit reboot --hostname dev-1 --add "$TOP/README.md:/etc/readme" "$B"
	[ "$status" -eq 0 ]
	gzip -t "$BATS_TEST_TMPDIR/i.gz"
	mkdir "$BATS_TEST_TMPDIR/x"
	(cd "$BATS_TEST_TMPDIR/x" && gzip -dc ../i.gz | cpio -id --quiet --no-absolute-filenames)
	cmp "$BATS_TEST_TMPDIR/x/init" "$RUNC_MINI"
	[ -x "$BATS_TEST_TMPDIR/x/init" ]
	cmp "$BATS_TEST_TMPDIR/x/bundles/web/config.json" "$B/config.json"
	[ -x "$BATS_TEST_TMPDIR/x/bundles/web/rootfs/probe" ]
	cmp "$BATS_TEST_TMPDIR/x/etc/readme" "$TOP/README.md"
	local j=$BATS_TEST_TMPDIR/x/etc/runc-mini/boot.json
	[ "$(jq -c . "$j")" = '{"onAllExited":"reboot","hostname":"dev-1","containers":[{"bundle":"/bundles/web","init":false,"restart":{"policy":"on-failure","maxRestarts":3,"delayMs":250},"stop":{"signal":"INT","timeoutMs":5000}}]}' ]
}

@test "the same inputs give the same bytes (sorted, mtime 0, owner 0:0)" {
	"$MK" -o "$BATS_TEST_TMPDIR/a.gz" --binary "$RUNC_MINI" "$B" 2>/dev/null
	# other mtimes, owners and a different temporary directory
	touch -d '2001-02-03' "$B/config.json" "$B/rootfs/probe"
	chown 123:456 "$B/rootfs/probe"
	mkdir "$BATS_TEST_TMPDIR/tmp2"
	TMPDIR=$BATS_TEST_TMPDIR/tmp2 "$MK" -o "$BATS_TEST_TMPDIR/b.gz" --binary "$RUNC_MINI" "$B" 2>/dev/null
	cmp "$BATS_TEST_TMPDIR/a.gz" "$BATS_TEST_TMPDIR/b.gz"
	"$MK" -o "$BATS_TEST_TMPDIR/c.cpio" --no-gzip --binary "$RUNC_MINI" "$B" 2>/dev/null
	gzip -dc "$BATS_TEST_TMPDIR/a.gz" | cmp - "$BATS_TEST_TMPDIR/c.cpio"
	run cpio -itv --quiet <"$BATS_TEST_TMPDIR/c.cpio"
	[ "$status" -eq 0 ]
	# every entry root-owned, dated 1970, names in C order
	[ -z "$(awk '$3 != "root" || $4 != "root"' <<<"$output")" ]
	[ -z "$(grep -v ' 1970 ' <<<"$output")" ]
	cpio -it --quiet <"$BATS_TEST_TMPDIR/c.cpio" >"$BATS_TEST_TMPDIR/names"
	LC_ALL=C sort -c "$BATS_TEST_TMPDIR/names"
	grep -qx init "$BATS_TEST_TMPDIR/names"
	grep -qx etc/runc-mini/boot.json "$BATS_TEST_TMPDIR/names"
}

@test "bad options are refused with a clear message and no output file" {
	run "$MK" -o "$BATS_TEST_TMPDIR/o" --binary "$RUNC_MINI" --restart sometimes "$B"
	[ "$status" -ne 0 ]
	[[ "$output" == *"--restart: expected no, on-failure or always, got sometimes"* ]]
	run "$MK" -o "$BATS_TEST_TMPDIR/o" --binary "$RUNC_MINI" --on-exit explode "$B"
	[[ "$output" == *"--on-exit: expected poweroff, reboot, halt or shell"* ]]
	run "$MK" -o "$BATS_TEST_TMPDIR/o" --binary "$RUNC_MINI" "$B" "$B"
	[[ "$output" == *"two bundles named web"* ]]
	run "$MK" -o "$BATS_TEST_TMPDIR/o" --binary "$BATS_TEST_TMPDIR/none" "$B"
	[[ "$output" == *"--binary: no file"* ]]
	run "$MK" -o "$BATS_TEST_TMPDIR/o" --binary "$RUNC_MINI" "$BATS_TEST_TMPDIR"
	[[ "$output" == *"no config.json"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/o" ]
	[ -z "$(ls "$BATS_TEST_TMPDIR" | grep '^o\.')" ]
}
