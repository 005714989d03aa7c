/* SPDX-License-Identifier: Apache-2.0 */
#include "capnames.h"
#include "util.h"

#include <linux/capability.h>
#include <string.h>
#include <strings.h>

#define C(x) [CAP_##x] = "CAP_" #x

static const char *const names[] = {
	C(CHOWN), C(DAC_OVERRIDE), C(DAC_READ_SEARCH), C(FOWNER), C(FSETID), C(KILL),
	C(SETGID), C(SETUID), C(SETPCAP), C(LINUX_IMMUTABLE), C(NET_BIND_SERVICE),
	C(NET_BROADCAST), C(NET_ADMIN), C(NET_RAW), C(IPC_LOCK), C(IPC_OWNER),
	C(SYS_MODULE), C(SYS_RAWIO), C(SYS_CHROOT), C(SYS_PTRACE), C(SYS_PACCT),
	C(SYS_ADMIN), C(SYS_BOOT), C(SYS_NICE), C(SYS_RESOURCE), C(SYS_TIME),
	C(SYS_TTY_CONFIG), C(MKNOD), C(LEASE), C(AUDIT_WRITE), C(AUDIT_CONTROL),
	C(SETFCAP), C(MAC_OVERRIDE), C(MAC_ADMIN), C(SYSLOG), C(WAKE_ALARM),
	C(BLOCK_SUSPEND),
#ifdef CAP_AUDIT_READ
	C(AUDIT_READ),
#endif
#ifdef CAP_PERFMON
	C(PERFMON),
#endif
#ifdef CAP_BPF
	C(BPF),
#endif
#ifdef CAP_CHECKPOINT_RESTORE
	C(CHECKPOINT_RESTORE),
#endif
};


int cap_from_name(const char *name, int prefix_optional)
{
	for (int i = 0; i < (int)RM_COUNT(names); i++) {
		if (!names[i])
			continue;
		if (strcasecmp(names[i], name) == 0 ||
		    (prefix_optional && strcasecmp(names[i] + 4, name) == 0))
			return i;
	}
	return -1;
}

const char *cap_name(int cap)
{
	return cap >= 0 && cap < (int)RM_COUNT(names) ? names[cap] : NULL;
}

int cap_max_known(void)
{
	return (int)RM_COUNT(names) - 1;
}
