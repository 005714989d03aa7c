/* SPDX-License-Identifier: Apache-2.0 */
/* spec_default.c - the config `runc spec` writes, made busybox-friendly:
 * `sh` as the process and the terminal only when the caller has one. */
#include "spec_default.h"

#include <stdio.h>

static const char head[] =
	"{\n"
	"  \"ociVersion\": \"" RM_SPEC_VERSION "\",\n"
	"  \"process\": {\n"
	"    \"terminal\": %s,\n"
	"    \"user\": { \"uid\": 0, \"gid\": 0 },\n"
	"    \"args\": [ \"sh\" ],\n"
	"    \"env\": [\n"
	"      \"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"
	"      \"TERM=xterm\"\n"
	"    ],\n"
	"    \"cwd\": \"/\",\n"
	"    \"capabilities\": {\n"
	"      \"bounding\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
	"      \"effective\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
	"      \"permitted\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
	"      \"ambient\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ]\n"
	"    },\n"
	"    \"rlimits\": [ { \"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024 } ],\n"
	"    \"noNewPrivileges\": true\n"
	"  },\n"
	"  \"root\": { \"path\": \"rootfs\", \"readonly\": true },\n"
	"  \"hostname\": \"runc-mini\",\n"
	"  \"mounts\": [\n"
	"    { \"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\" },\n"
	"    { \"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
	"      \"options\": [ \"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\" ] },\n"
	"    { \"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\"%s ] },\n"
	"    { \"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\" ] },\n"
	"    { \"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\" ] },\n"
	"%s"
	"  ],\n"
	"  \"linux\": {\n";

static const char sys_root[] =
	"    { \"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"ro\" ] },\n"
	"    { \"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\" ] }\n";

/* Without a network namespace of its own a rootless user may not mount
 * sysfs; runc binds the host's read-only instead. */
static const char sys_rootless[] =
	"    { \"destination\": \"/sys\", \"type\": \"none\", \"source\": \"/sys\",\n"
	"      \"options\": [ \"rbind\", \"nosuid\", \"noexec\", \"nodev\", \"ro\" ] }\n";

static const char masks[] =
	"    \"maskedPaths\": [\n"
	"      \"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\", \"/proc/latency_stats\",\n"
	"      \"/proc/timer_list\", \"/proc/timer_stats\", \"/proc/sched_debug\", \"/sys/firmware\",\n"
	"      \"/proc/scsi\", \"/sys/devices/virtual/powercap\"\n"
	"    ],\n"
	"    \"readonlyPaths\": [\n"
	"      \"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\", \"/proc/sysrq-trigger\"\n"
	"    ],\n";

static const char ns_root[] =
	"    \"resources\": { \"devices\": [ { \"allow\": false, \"access\": \"rwm\" } ] },\n"
	"    \"namespaces\": [\n"
	"      { \"type\": \"pid\" }, { \"type\": \"network\" }, { \"type\": \"ipc\" },\n"
	"      { \"type\": \"uts\" }, { \"type\": \"mount\" }, { \"type\": \"cgroup\" }\n"
	"    ]\n"
	"  }\n"
	"}\n";

static const char ns_rootless[] =
	"    \"uidMappings\": [ { \"containerID\": 0, \"hostID\": %u, \"size\": 1 } ],\n"
	"    \"gidMappings\": [ { \"containerID\": 0, \"hostID\": %u, \"size\": 1 } ],\n"
	"    \"namespaces\": [\n"
	"      { \"type\": \"pid\" }, { \"type\": \"ipc\" }, { \"type\": \"uts\" },\n"
	"      { \"type\": \"mount\" }, { \"type\": \"cgroup\" }, { \"type\": \"user\" }\n"
	"    ]\n"
	"  }\n"
	"}\n";

int spec_default_json(char *buf, size_t len, bool terminal, bool rootless, uid_t uid, gid_t gid)
{
	int n = snprintf(buf, len, head, terminal ? "true" : "false",
			 rootless ? "" : ", \"gid=5\"", rootless ? sys_rootless : sys_root);
	if (n < 0 || (size_t)n >= len)
		return -1;
	int m = snprintf(buf + n, len - (size_t)n, "%s", masks);
	if (m < 0 || (size_t)(n + m) >= len)
		return -1;
	n += m;
	if (rootless)
		m = snprintf(buf + n, len - (size_t)n, ns_rootless, (unsigned)uid, (unsigned)gid);
	else
		m = snprintf(buf + n, len - (size_t)n, "%s", ns_root);
	if (m < 0 || (size_t)(n + m) >= len)
		return -1;
	return n + m;
}
