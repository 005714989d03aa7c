/* SPDX-License-Identifier: Apache-2.0 */
/* exe.c - run from a sealed copy of our own binary before entering a
 * container (CVE-2019-5736 binary overwrite).
 *
 * Untrusted: everything in the container.  A container process that reaches
 * runc-mini's code (a `#!/proc/self/exe` script it makes `exec` run, an
 * entrypoint /proc/self/exe, /proc/PID/exe of our init or exec helper) can
 * open that file with O_PATH, wait for us to exit, reopen it for writing
 * and replace the host's runtime binary: the next runc-mini run by root on
 * the host is then the attacker's.
 *
 * So before create, run, exec or a bundle run do anything, we re-execute
 * from a copy that the container cannot change and that is no file of the
 * host: a memfd sealed against every change (memfd_create + F_SEAL_SEAL,
 * SHRINK, GROW, WRITE), or where memfd_create is missing (before 3.17, or
 * refused by a seccomp profile) an O_TMPFILE copy, which has no name on any
 * filesystem and is freed with the last process running it.  Whether we
 * already run from such a copy is read from /proc/self/exe itself (its
 * seals, its link count), never from an environment variable a caller
 * could set.
 *
 * Then, as root, we stay non-dumpable until the container's execve: no
 * process of the container may ptrace us or open /proc/PID/exe (the
 * kernel's check for both), whichever copy that is.
 */
#include "exe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys.h"
#include "util.h"

extern char **environ;

#define RM_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

/* Directories for the O_TMPFILE copy, in order: each must allow exec. */
static const char *const tmp_dirs[] = { "/run", "/tmp", "/dev/shm", "/var/tmp" };

static bool is_memfd(int fd)
{
	char link[64], path[PATH_MAX];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	return n >= 7 && strncmp(path, "/memfd:", 7) == 0;
}

/* Our binary is a sealed memfd, or an unlinked O_TMPFILE copy.  An
 * unsealed memfd (some launcher's) is writable: it does not count. */
bool exe_is_protected(int fd)
{
	struct stat st;
	int seals = fcntl(fd, F_GET_SEALS);
	if (seals >= 0 && (seals & RM_SEALS) == RM_SEALS)
		return true;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 0)
		return false;
	return !is_memfd(fd);
}

static int copy_exe(int src, int dst, struct rm_err *err)
{
	struct stat st;
	if (fstat(src, &st) < 0)
		return rm_fail(err, errno, "stat /proc/self/exe");
	/* sendfile: one in-kernel copy, no user buffer. */
	for (off_t left = st.st_size, off = 0; left > 0;) {
		ssize_t n = sendfile(dst, src, &off, (size_t)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return rm_fail(err, n < 0 ? errno : EIO, "copy /proc/self/exe");
		left -= n;
	}
	return 0;
}

static int memfd_copy(int src, struct rm_err *err)
{
	cleanup_fd int fd = sys_memfd_create("runc-mini", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return rm_fail(err, errno, "memfd_create");
	if (copy_exe(src, fd, err) < 0)
		return -1;
	if (fcntl(fd, F_ADD_SEALS, RM_SEALS) < 0)
		return rm_fail(err, errno, "seal the memfd copy");
	return steal_fd(fd);
}

static int tmpfile_copy(int src, const char *dir, struct rm_err *err)
{
	char path[64];
	cleanup_fd int fd = openat(AT_FDCWD, dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0500);
	if (fd < 0)
		return rm_fail(err, errno, "O_TMPFILE in %s", dir);
	if (copy_exe(src, fd, err) < 0)
		return -1;
	/* execve refuses a file that is open for writing (ETXTBSY): keep a
	 * read-only fd and close the writable one. */
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int ro = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (ro < 0)
		return rm_fail(err, errno, "reopen the O_TMPFILE copy in %s", dir);
	return ro;
}

/* Execute the copy; returns only when that failed.  execveat (through
 * fexecve) first; where it fails (valgrind has no execveat of an fd), the
 * fd's /proc path, with the fd kept open across execve for the kernel to
 * find: RUNC_MINI_EXE_FD names it so that the new image closes it (the
 * seals, not this variable, say that it runs from a copy). */
static int exec_copy(int fd, char **argv, struct rm_err *err)
{
	char path[64], num[16];
	fexecve(fd, argv, environ);
	int e = errno;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	snprintf(num, sizeof num, "%d", fd);
	if (e != ENOMEM && fcntl(fd, F_SETFD, 0) == 0 && setenv("RUNC_MINI_EXE_FD", num, 1) == 0) {
		execve(path, argv, environ);
		unsetenv("RUNC_MINI_EXE_FD");
	}
	close(fd);
	return rm_fail(err, e, "execute the copy of /proc/self/exe");
}

/* The fd a /proc-path re-exec left open, if it is our binary. */
static void close_exe_fd(int self)
{
	const char *v = getenv("RUNC_MINI_EXE_FD");
	struct stat a, b;
	if (!v)
		return;
	int fd = atoi(v);
	if (fd > 2 && fd != self && fstat(fd, &a) == 0 && fstat(self, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		close(fd);
	unsetenv("RUNC_MINI_EXE_FD");
}

static int reexec(int self, char **argv, struct rm_err *err)
{
	struct rm_err first, last;
	int fd = memfd_copy(self, &first);
	if (fd >= 0)
		exec_copy(fd, argv, &first);
	for (size_t i = 0; i < sizeof tmp_dirs / sizeof tmp_dirs[0]; i++) {
		fd = tmpfile_copy(self, tmp_dirs[i], &last);
		if (fd >= 0)
			exec_copy(fd, argv, &last);
	}
	return rm_fail(err, 0, "CVE-2019-5736 protection: cannot run from a sealed copy of the "
		       "runtime binary (%s; last fallback: %s)", first.msg, last.msg);
}

int exe_protect(char **argv, struct rm_err *err)
{
	cleanup_fd int self = openat(AT_FDCWD, "/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return rm_fail(err, errno, "CVE-2019-5736 protection: open /proc/self/exe (is /proc mounted?)");
	if (!exe_is_protected(self))
		return reexec(self, argv, err);
	close_exe_fd(self);
	/* execveat names the process after the fd ("3"): ps and pgrep
	 * should still see runc-mini. */
	const char *base = strrchr(argv[0], '/');
	prctl(PR_SET_NAME, base ? base + 1 : argv[0], 0, 0, 0);
	/* A rootless runc-mini writes its child's uid_map as an ordinary
	 * user, which a non-dumpable child's /proc/PID forbids: child.c
	 * turns dumpable off after that, before any container process
	 * exists. */
	if (geteuid() == 0 && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return rm_fail(err, errno, "prctl(PR_SET_DUMPABLE, 0)");
	return 0;
}
