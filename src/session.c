/* SPDX-License-Identifier: Apache-2.0 */
/* session.c - each container process is a session leader with a session
 * keyring of the container's own.
 *
 * Without setsid the init and every exec'd process stay in runc-mini's
 * session and process group (seen as 0 from inside the pid namespace), so
 * the caller's terminal signals reach them directly.  Without a keyring of
 * its own the container joins the caller's user session keyring
 * (_uid_ses.0 for root): keys would be shared between containers and the
 * host.
 */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys.h"

int sess_new(struct rm_err *err)
{
	if (getsid(0) == getpid())
		return 0;
	if (setsid() < 0)
		return rm_fail(err, errno, "setsid");
	return 0;
}

/* "keyring;UID;GID;PERM;NAME" -> PERM (hex). */
static int keyring_perm(long id, unsigned long *perm, struct rm_err *err)
{
	char desc[512];
	long n = sys_keyctl(RM_KEYCTL_DESCRIBE, (unsigned long)id, (unsigned long)desc, sizeof desc - 1, 0);
	if (n < 0)
		return rm_fail(err, errno, "describe the session keyring");
	desc[n < (long)sizeof desc ? n : (long)sizeof desc - 1] = '\0';
	const char *p = desc;
	for (int i = 0; i < 3 && p; i++)
		p = strchr(p, ';') ? strchr(p, ';') + 1 : NULL;
	char *end;
	*perm = p ? strtoul(p, &end, 16) : 0;
	if (!p || *end != ';')
		return rm_fail(err, EPROTO, "describe the session keyring: \"%s\"", desc);
	return 0;
}

int sess_join_keyring(const char *id, bool make, bool in_userns, struct rm_err *err)
{
	char name[300];
	unsigned long perm = 0;
	snprintf(name, sizeof name, "_ses.%s", id);
	long key = sys_keyctl(RM_KEYCTL_JOIN_SESSION_KEYRING, (unsigned long)name, 0, 0, 0);
	if (key < 0 && errno == ENOSYS)
		return 0;       /* no keyrings in this kernel: nothing to share either */
	if (key < 0)
		return rm_fail(err, errno, "join session keyring %s", name);
	if (!make)
		return 0;       /* an exec'd process may not own the init's keyring */
	/* Search by the user (or, in a user namespace, by anyone: the
	 * keyring's uid is the host's), so an exec'd process finds it. */
	if (keyring_perm(key, &perm, err) < 0)
		return -1;
	perm |= in_userns ? RM_KEY_OTH_SEARCH : RM_KEY_USR_SEARCH;
	if (sys_keyctl(RM_KEYCTL_SETPERM, (unsigned long)key, perm, 0, 0) < 0)
		return rm_fail(err, errno, "set the permissions of session keyring %s", name);
	return 0;
}

int sess_give_stdio(uid_t uid, struct rm_err *err)
{
	struct stat null, st;
	bool have_null = stat("/dev/null", &null) == 0;
	for (int fd = 0; fd <= 2; fd++) {
		if (fstat(fd, &st) < 0) {
			if (errno == EBADF)
				continue;
			return rm_fail(err, errno, "fstat fd %d", fd);
		}
		if (st.st_uid == uid || (have_null && S_ISCHR(st.st_mode) && st.st_rdev == null.st_rdev))
			continue;
		/* In a user namespace a host-owned fd may not be ours to give
		 * (EINVAL: unmapped id, EPERM): runc ignores that too. */
		if (fchown(fd, uid, (gid_t)-1) < 0 && errno != EINVAL && errno != EPERM)
			return rm_fail(err, errno, "give fd %d to uid %u", fd, (unsigned)uid);
	}
	return 0;
}
