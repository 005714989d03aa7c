/* SPDX-License-Identifier: Apache-2.0 */
/* process_attr.c - scheduling, I/O priority, CPU affinity, personality and
 * the LSM exec label of the container process.
 *
 * Order matters: the scheduler and I/O class are set while we still hold
 * CAP_SYS_NICE/CAP_SYS_ADMIN (before the identity switch); the affinity
 * and the LSM label just before execve, so that nothing of runc-mini runs
 * under the container's profile and the final CPU list is the last word
 * after the cgroup move.
 */
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys.h"
#include "util.h"

int proc_set_sched(const struct rm_process *p, struct rm_err *err)
{
	const struct rm_sched *s = &p->sched;
	if (s->set) {
		struct rm_sched_attr a = {
			.size = sizeof a, .sched_policy = s->policy_num, .sched_flags = s->flags_num,
			.sched_nice = s->nice, .sched_priority = (uint32_t)s->priority,
			.sched_runtime = s->runtime, .sched_deadline = s->deadline, .sched_period = s->period,
		};
		if (sys_sched_setattr(0, &a, 0) < 0)
			return rm_fail(err, errno, "process.scheduler: sched_setattr(%s, priority %d, nice %d)",
				       s->policy, s->priority, s->nice);
	}
	if (p->ioprio.set) {
		int prio = (p->ioprio.class_num << 13) | p->ioprio.priority;
		if (sys_ioprio_set(1 /* IOPRIO_WHO_PROCESS */, 0, prio) < 0)
			return rm_fail(err, errno, "process.ioPriority: ioprio_set(%s, %d)", p->ioprio.class_name,
				       p->ioprio.priority);
	}
	return 0;
}

static int parse_cpus(const char *list, cpu_set_t *set)
{
	CPU_ZERO(set);
	for (const char *q = list; *q;) {
		char *end;
		long a = strtol(q, &end, 10), b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long c = a; c <= b && c < CPU_SETSIZE; c++)
			CPU_SET((int)c, set);
		q = *end == ',' ? end + 1 : end;
		if (end == q && *q)
			return -1;
	}
	return 0;
}

static int set_cpus(const char *list, const char *field, struct rm_err *err)
{
	cpu_set_t set;
	if (!list || !*list)
		return 0;
	if (parse_cpus(list, &set) < 0)
		return rm_fail(err, EINVAL, "%s: malformed CPU list \"%s\"", field, list);
	if (sched_setaffinity(0, sizeof set, &set) < 0)
		return rm_fail(err, errno, "%s: sched_setaffinity(%s)", field, list);
	return 0;
}

/* execCPUAffinity.initial: the runtime's own work in the container's init,
 * before it is moved into the container's cgroup (which may reset it). */
int proc_set_initial_affinity(const struct rm_process *p, struct rm_err *err)
{
	return set_cpus(p->affinity.initial, "process.execCPUAffinity.initial", err);
}

/* execCPUAffinity.final: after the move into the container's cgroup (which
 * resets the affinity to the cgroup's cpuset), just before execve. */
int proc_set_affinity(const struct rm_process *p, struct rm_err *err)
{
	return set_cpus(p->affinity.final, "process.execCPUAffinity.final", err);
}

int proc_set_personality(const struct rm_spec *s, struct rm_err *err)
{
	if (!s->has_personality)
		return 0;
	if (sys_personality(s->personality) < 0)
		return rm_fail(err, errno, "linux.personality: personality(%s, %#lx)", s->personality_domain,
			       s->personality);
	return 0;
}

static bool apparmor_enabled(void)
{
	char *buf = NULL;
	struct rm_err e;
	bool on = util_read_file("/sys/module/apparmor/parameters/enabled", 64, &buf, NULL, &e) == 0 &&
		  buf[0] == 'Y';
	free(buf);
	return on;
}

static bool selinux_enabled(void)
{
	return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

/* In the parent, before anything is made: a profile or label that cannot
 * be applied is a clear error, never a silently unconfined container. */
int proc_check_lsm(const struct rm_process *p, struct rm_err *err)
{
	if (p->apparmor_profile && *p->apparmor_profile && !apparmor_enabled())
		return rm_fail(err, 0, "process.apparmorProfile: \"%s\" requested but AppArmor is not enabled "
			       "on this host", p->apparmor_profile);
	if (p->selinux_label && *p->selinux_label && !selinux_enabled())
		return rm_fail(err, 0, "process.selinuxLabel: \"%s\" requested but SELinux is not enabled on "
			       "this host", p->selinux_label);
	return 0;
}

static int write_attr(const char *file, const char *alt, const char *text, const char *what,
		      struct rm_err *err)
{
	if (util_write_file(file, text, strlen(text), err) == 0)
		return 0;
	if (alt && err->errnum == ENOENT && util_write_file(alt, text, strlen(text), err) == 0)
		return 0;
	return rm_wrap(err, "%s", what);
}

/* The label the next execve switches to. */
int proc_set_lsm_label(const struct rm_process *p, struct rm_err *err)
{
	char buf[4200];
	if (p->apparmor_profile && *p->apparmor_profile) {
		snprintf(buf, sizeof buf, "exec %s", p->apparmor_profile);
		if (write_attr("/proc/self/attr/apparmor/exec", "/proc/self/attr/exec", buf,
			       "process.apparmorProfile", err) < 0)
			return -1;
	}
	if (p->selinux_label && *p->selinux_label &&
	    write_attr("/proc/self/attr/exec", NULL, p->selinux_label, "process.selinuxLabel", err) < 0)
		return -1;
	return 0;
}
