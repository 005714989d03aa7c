/* SPDX-License-Identifier: Apache-2.0 */
/* session.h - what makes a container process its own session: setsid, a
 * session keyring of the container's, and a terminal owned by its user. */
#ifndef RM_SESSION_H
#define RM_SESSION_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

/* setsid(), unless we already lead a session. */
int sess_new(struct rm_err *err);
/* Join (or create) the session keyring "_ses.<id>".  The init (make)
 * also lets the container's user (in_userns: anyone in it) search it, so
 * that exec'd processes find it by name; exec only joins, as in runc.
 * No keyring support in the kernel (ENOSYS) is not an error. */
int sess_join_keyring(const char *id, bool make, bool in_userns, struct rm_err *err);
/* runc's fixStdioPermissions: fds 0-2 that are not /dev/null and not the
 * user's already are given to uid (keeping their group), so that the
 * process can reopen its terminal after dropping root. */
int sess_give_stdio(uid_t uid, struct rm_err *err);

#endif
