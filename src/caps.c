/* SPDX-License-Identifier: Apache-2.0 */
/* caps.c - capability sets via capset(2) and prctl(2).
 *
 * Capabilities the config names but the running kernel does not know
 * (newer than cap_last_cap) are skipped, as runc does: a config written for
 * a new kernel still starts on an old one.
 */
#include "caps.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "capnames.h"
#include "sys.h"
#include "util.h"

int caps_last_cap(void)
{
	static int last = -1;
	char *buf = NULL;
	struct rm_err e;
	if (last >= 0)
		return last;
	if (util_read_file("/proc/sys/kernel/cap_last_cap", 64, &buf, NULL, &e) == 0) {
		last = atoi(buf);
		free(buf);
	}
	if (last <= 0 || last > 63)
		last = cap_max_known() < CAP_LAST_CAP ? cap_max_known() : CAP_LAST_CAP;
	return last;
}

static bool in_set(uint64_t set, int cap)
{
	return (set >> cap) & 1;
}

int caps_drop_bounding(const struct rm_caps *c, struct rm_err *err)
{
	int last = caps_last_cap();
	/* No early return for a missing bounding set: it is an empty one,
	 * or a uid-1000 process would keep the host's full bounding set and
	 * regain every capability through a setuid binary. */
	for (int cap = 0; cap <= last; cap++) {
		if (in_set(c->set[RM_CAP_BOUNDING], cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return rm_fail(err, errno, "process.capabilities.bounding: drop %s",
				       cap_name(cap) ? cap_name(cap) : "?");
	}
	return 0;
}

int caps_apply(const struct rm_caps *c, struct rm_err *err)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	uint64_t known = caps_last_cap() >= 63 ? ~0ULL : (1ULL << (caps_last_cap() + 1)) - 1;
	uint64_t eff = c->set[RM_CAP_EFFECTIVE] & known, prm = c->set[RM_CAP_PERMITTED] & known,
		 inh = c->set[RM_CAP_INHERITABLE] & known;

	d[0].effective = (uint32_t)eff;
	d[1].effective = (uint32_t)(eff >> 32);
	d[0].permitted = (uint32_t)prm;
	d[1].permitted = (uint32_t)(prm >> 32);
	d[0].inheritable = (uint32_t)inh;
	d[1].inheritable = (uint32_t)(inh >> 32);
	if (sys_capset(&h, d) < 0)
		return rm_fail(err, errno, "process.capabilities: capset");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return rm_fail(err, errno, "process.capabilities.ambient: clear");
	for (int cap = 0; cap <= caps_last_cap(); cap++) {
		if (!in_set(c->set[RM_CAP_AMBIENT], cap))
			continue;
		/* Ambient needs the cap in permitted and inheritable; the kernel
		 * says EPERM otherwise, and EINVAL before 4.3.  runc ignores
		 * both (its own default spec lists ambient caps without
		 * inheritable ones), and so must we to run the same configs. */
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0 &&
		    errno != EPERM && errno != EINVAL)
			return rm_fail(err, errno, "process.capabilities.ambient: raise %s",
				       cap_name(cap) ? cap_name(cap) : "?");
	}
	return 0;
}
