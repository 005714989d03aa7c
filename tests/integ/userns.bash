# SPDX-License-Identifier: Apache-2.0
# Helpers for tests with a user namespace (load after helpers).

# Directories from the bundle up to / must be searchable by the mapped ids:
# bats makes its run directory 0700.
open_bundle_path() {
	local d=$BUNDLE
	while [ "$d" != / ]; do
		chmod a+x "$d"
		d=$(dirname "$d")
	done
}

# Map container 0..65535 to host BASE.. (default 100000) and chown the rootfs.
userns_bundle() {
	local base=${1:-100000}
	open_bundle_path
	cfg --argjson b "$base" '.linux.namespaces += [{"type": "user"}]
	     | .linux.uidMappings = [{"containerID": 0, "hostID": $b, "size": 65536}]
	     | .linux.gidMappings = [{"containerID": 0, "hostID": $b, "size": 65536}]'
	chown -R "$base:$base" "$BUNDLE/rootfs"
}
