/* SPDX-License-Identifier: Apache-2.0 */
/* notify.c - SCMP_ACT_NOTIFY: the filter goes in while runc-mini still
 * waits (before `create` returns, or before exec's process runs), so that
 * runc-mini can hand the listener to the seccomp agent before the process
 * makes a call through it (runtime-spec, "seccomp agent"). */
#include "notify.h"

#include <errno.h>
#include <unistd.h>

#include "seccomp.h"
#include "sync.h"

int notify_load(const struct sock_filter *insns, size_t len, unsigned flags, int sock, struct rm_err *err)
{
	int fd = sc_install_listener(insns, len, flags, err);
	if (fd < 0)
		return -1;
	int r = sync_send(sock, RM_SYNC_SECCOMP, NULL, fd);
	int e = errno;
	close(fd);
	if (r < 0)
		return rm_fail(err, e, "send the seccomp listener to runc-mini");
	return sync_expect(sock, RM_SYNC_SECCOMP_DONE, NULL, err);
}

int notify_hand_over(const struct rm_state *st, enum rm_status status, const struct rm_spec *spec, pid_t pid,
		     int fd, int sock, const char *what, struct rm_err *err)
{
	static char json[20000];
	const struct rm_seccomp *s = spec->seccomp;
	int n = state_agent_json(st, status, spec, pid, s->listener_metadata, json, sizeof json);
	if (n < 0)
		return rm_fail(err, E2BIG, "linux.seccomp: the container state for the seccomp agent is too large");
	if (sc_send_listener(s->listener_path, fd, json, (size_t)n, err) < 0)
		return -1;
	if (sync_send(sock, RM_SYNC_SECCOMP_DONE, NULL, -1) < 0)
		return rm_fail(err, errno, "signal %s", what);
	return 0;
}
