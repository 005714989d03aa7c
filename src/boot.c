/* SPDX-License-Identifier: Apache-2.0 */
/* boot.c - runc-mini as the system's PID 1: boot the device, start the
 * containers of the boot configuration in order, restart them by policy,
 * reap every orphan of the system, and shut down on busybox init's
 * signals (USR2 poweroff, TERM reboot, USR1 halt, INT = ctrl-alt-del
 * reboot).  This file is a main of its own: it prints, one line per event,
 * to the console.  PID 1 never exits (the kernel would panic): a fatal
 * error prints one line, then runs the shell if one is configured, else
 * reboots after a delay.
 *
 * Each container runs under a forked supervisor that is exactly
 * `runc-mini run` (container_run: it forwards signals, runs the poststop
 * hooks, deletes the state); its exit status is the container's.
 */
#include "boot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "exe.h"
#include "util.h"

#define STATE_ROOT "/run/runc-mini"
#define MAX_SLOTS RM_BOOT_MAX_CTRS

struct slot {
	const struct rm_boot_ctr *c;
	pid_t pid;          /* its supervisor; 0 when not running */
	int restarts;
	uint64_t delay;     /* before the next restart, ms */
	int64_t start_at;   /* monotonic ms; -1: not scheduled */
	int64_t kill_at;    /* while stopping: the next step then; -1: none */
	int killed;         /* 0: stop signal sent, 1: container killed, 2: supervisor too */
	bool done;          /* ended for good */
};

static struct rm_boot_conf conf;
static struct slot slots[MAX_SLOTS];
static size_t n_slots;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n = snprintf(line, sizeof line, "runc-mini: ");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\n");
	util_write_all(STDERR_FILENO, line, strlen(line));
}

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

bool boot_is_system_init(const char *argv0)
{
	size_t n = argv0 ? strlen(argv0) : 0;
	return getpid() == 1 && n >= 4 && strcmp(argv0 + n - 4, "init") == 0;
}

static void boot_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGUSR1);
	sigaddset(set, SIGUSR2);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
}

static enum rm_boot_action action_of(int sig)
{
	return sig == SIGUSR2 ? RM_BOOT_POWEROFF : sig == SIGUSR1 ? RM_BOOT_HALT : RM_BOOT_REBOOT;
}

/* When the shell, the console's session leader, exits, the kernel hangs
 * up the console for every process that has it open: ours too. */
static void reopen_console(void)
{
	int fd = openat(AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static _Noreturn void shutdown_all(enum rm_boot_action a);
static int wait_signal(int64_t deadline, siginfo_t *si);

/* The configured shell on the console, as the session leader with the
 * console as its terminal; returns when it exits (orphans are reaped).
 * `poweroff`, `reboot` and `halt` in it work: they signal us. */
static bool run_shell(void)
{
	if (access(conf.shell, X_OK) < 0) {
		say("no shell at %s", conf.shell);
		return false;
	}
	say("starting %s", conf.shell);
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		ioctl(STDIN_FILENO, TIOCSCTTY, 1);
		execl(conf.shell, conf.shell, (char *)NULL);
		_exit(127);
	}
	while (pid > 0) {
		siginfo_t si;
		int sig = wait_signal(-1, &si);
		pid_t p;
		if (sig > 0 && sig != SIGCHLD) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			reopen_console();
			shutdown_all(action_of(sig));
		}
		while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
			if (p == pid) {
				reopen_console();
				return true;
			}
	}
	return true;
}

static _Noreturn void power(enum rm_boot_action a)
{
	if (a == RM_BOOT_SHELL) {
		run_shell();
		a = RM_BOOT_POWEROFF;
	}
	say("%s", boot_action_name(a));
	kill(-1, SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	sync();
	boot_unmount_all();
	boot_power(a);
}

static _Noreturn void fatal(const struct rm_err *err)
{
	say("fatal: %s", err->msg);
	if (conf.shell_only || conf.on_exit == RM_BOOT_SHELL)
		run_shell();
	say("rebooting in %u s", conf.fatal_delay_s);
	sleep(conf.fatal_delay_s);
	power(RM_BOOT_REBOOT);
}

/* The supervisor: `runc-mini run` of the bundle, in a child. */
static pid_t launch(const struct rm_boot_ctr *c)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	struct rm_run_opts o = { .root = STATE_ROOT, .bundle = c->bundle, .id = c->id,
				 .cg_mode = conf.cgroup == RM_BOOT_CG_NONE ? RM_CG_NONE : RM_CG_AUTO,
				 .init = c->init ? RM_INIT_ON : RM_INIT_NONE };
	struct rm_err err;
	int status = 0;
	rm_err_clear(&err);
	if (container_run(&o, &status, &err) < 0) {
		say("%s: %s", c->id, err.msg);
		_exit(1);
	}
	_exit(status);
}

static void start_slot(struct slot *s)
{
	s->start_at = -1;
	if (s->restarts)
		say("restart %s (restart %d)", s->c->id, s->restarts);
	else
		say("start %s (%s)", s->c->id, s->c->bundle);
	s->pid = launch(s->c);
	if (s->pid < 0) {
		say("%s: fork: %s", s->c->id, strerror(errno));
		s->pid = 0;
		s->done = true;
	}
}

/* Decide what follows an exit: nothing, or a restart after the delay. */
static void exited(struct slot *s, int code, bool stopping)
{
	const struct rm_boot_ctr *c = s->c;
	s->pid = 0;
	say("%s exited with status %d", c->id, code);
	if (stopping || c->restart == RM_RESTART_NO || (c->restart == RM_RESTART_ON_FAILURE && code == 0)) {
		s->done = true;
		return;
	}
	if (c->max_restarts >= 0 && s->restarts >= c->max_restarts) {
		say("%s: not restarted again (%d restarts)", c->id, s->restarts);
		s->done = true;
		return;
	}
	s->restarts++;
	say("%s: restart %d in %llu ms", c->id, s->restarts, (unsigned long long)s->delay);
	s->start_at = now_ms() + (int64_t)s->delay;
	s->delay = s->delay * c->backoff > c->max_delay_ms ? c->max_delay_ms : s->delay * c->backoff;
}

static void reap(bool stopping)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		for (size_t i = 0; i < n_slots; i++)
			if (slots[i].pid == pid)
				exited(&slots[i], WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), stopping);
}

/* Wait for a signal until `deadline` (ms, -1: none). */
static int wait_signal(int64_t deadline, siginfo_t *si)
{
	sigset_t set;
	boot_signals(&set);
	if (deadline < 0)
		return sigwaitinfo(&set, si);
	int64_t left = deadline - now_ms();
	if (left < 0)
		left = 0;
	struct timespec ts = { left / 1000, (left % 1000) * 1000000 };
	return sigtimedwait(&set, si, &ts);
}

/* A container past its stop timeout: SIGKILL to all of it; a supervisor
 * that still has not exited 5 s later (it runs the poststop hooks): SIGKILL. */
static void escalate(struct slot *s, int64_t now)
{
	struct rm_err err;
	if (s->killed++ == 0) {
		say("kill %s: still running after %u ms", s->c->id, s->c->stop_timeout_ms);
		if (container_kill(STATE_ROOT, s->c->id, SIGKILL, true, &err) == 0) {
			s->kill_at = now + 5000;
			return;
		}
		s->killed++;
	}
	kill(s->pid, SIGKILL);
	s->kill_at = -1;
}

/* Stop signal to each container, SIGKILL after its timeout, then
 * everything else; poststop hooks run in each supervisor. */
static _Noreturn void shutdown_all(enum rm_boot_action a)
{
	int64_t now = now_ms();
	say("%s: stopping the containers", boot_action_name(a));
	for (size_t i = 0; i < n_slots; i++) {
		struct slot *s = &slots[i];
		s->kill_at = -1;
		s->killed = 0;
		if (!s->pid)
			continue;
		say("stop %s with signal %d", s->c->id, s->c->stop_signal);
		/* To the container's init; a container still being created
		 * gets it from its supervisor, which forwards. */
		struct rm_err err;
		if (container_kill(STATE_ROOT, s->c->id, s->c->stop_signal, false, &err) < 0 &&
		    s->c->stop_signal != SIGKILL)
			kill(s->pid, s->c->stop_signal);
		s->kill_at = now + s->c->stop_timeout_ms;
	}
	for (;;) {
		int64_t next = -1;
		bool running = false;
		now = now_ms();
		for (size_t i = 0; i < n_slots; i++) {
			struct slot *s = &slots[i];
			if (!s->pid)
				continue;
			running = true;
			if (s->kill_at >= 0 && s->kill_at <= now)
				escalate(s, now);
			if (s->kill_at >= 0 && (next < 0 || s->kill_at < next))
				next = s->kill_at;
		}
		if (!running)
			break;
		siginfo_t si;
		if (wait_signal(next, &si) == SIGCHLD)
			reap(true);
	}
	power(a);
}

static _Noreturn void supervise(void)
{
	siginfo_t si;
	for (size_t i = 0; i < conf.n_ctrs && i < MAX_SLOTS; i++)
		slots[n_slots++] = (struct slot){ .c = &conf.ctrs[i], .delay = conf.ctrs[i].delay_ms,
						   .start_at = 0, .kill_at = -1 };
	for (;;) {
		int64_t now = now_ms(), next = -1;
		bool active = false;
		for (size_t i = 0; i < n_slots; i++) {
			struct slot *s = &slots[i];
			if (!s->done && !s->pid && s->start_at >= 0 && s->start_at <= now)
				start_slot(s);
			active |= !s->done;
			if (!s->done && !s->pid && s->start_at >= 0 && (next < 0 || s->start_at < next))
				next = s->start_at;
		}
		if (!active)
			break;
		int sig = wait_signal(next, &si);
		if (sig == SIGCHLD)
			reap(false);
		else if (sig > 0)
			shutdown_all(action_of(sig));
	}
	say("every container has ended");
	if (conf.on_exit == RM_BOOT_SHELL && run_shell())
		power(RM_BOOT_POWEROFF);
	power(conf.on_exit == RM_BOOT_SHELL ? RM_BOOT_POWEROFF : conf.on_exit);
}

static int load_conf(struct rm_err *err)
{
	char *cmdline = NULL, *buf = NULL, path[4096] = RM_BOOT_CONFIG;
	size_t len;
	if (util_read_file("/proc/cmdline", 1 << 16, &cmdline, NULL, err) < 0)
		return -1;
	boot_cmdline_config(cmdline, path, sizeof path);
	int r = 0;
	if (access(path, F_OK) == 0) {
		r = util_read_file(path, 1 << 20, &buf, &len, err);
		if (r == 0)
			r = boot_conf_parse(&conf, path, buf, len, err);
	}
	if (r == 0)
		r = boot_conf_cmdline(&conf, cmdline, err);
	if (r < 0) {
		/* What fatal() needs: the defaults, and a technician's
		 * runc-mini.shell=1 or on-exit=shell. */
		struct rm_err ignored;
		boot_conf_free(&conf);
		boot_conf_defaults(&conf);
		boot_conf_cmdline(&conf, cmdline, &ignored);
	}
	free(buf);
	free(cmdline);
	return r;
}

/* CVE-2019-5736: every supervisor and container init is a fork of us, so
 * we run from the sealed memfd copy ourselves (PID 1 stays PID 1 across
 * execve).  That needs /proc: the first image mounts it and re-executes;
 * the copy (which finds /proc mounted: the kernel never starts init with
 * it) unmounts it again and prepares the system. */
static void prepare_system(char **argv)
{
	struct rm_err err;
	rm_err_clear(&err);
	if (access("/proc/self/exe", F_OK) < 0) {
		mkdir("/proc", 0555);   /* an initramfs may have none */
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
			rm_fail(&err, errno, "mount /proc");
			fatal(&err);
		}
	}
	if (exe_protect(argv, &err) < 0)
		fatal(&err);
	umount2("/proc", MNT_DETACH);
	if (boot_on_initramfs()) {
		unsigned long long files, kib;
		if (boot_leave_initramfs(&files, &kib, &err) < 0)
			fatal(&err);
		say("left the initramfs for a tmpfs root (%llu files, %llu KiB moved, the initramfs freed)",
		    files, kib);
	}
	if (boot_mount_system(&err) < 0)
		fatal(&err);
}

_Noreturn void boot_main(char **argv)
{
	struct rm_err err;
	sigset_t set;
	rm_err_clear(&err);
	boot_conf_defaults(&conf);
	boot_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	/* ctrl-alt-del: SIGINT to us, not an immediate reboot. */
	reboot(RB_DISABLE_CAD);
	prepare_system(argv);
	if (load_conf(&err) < 0)
		fatal(&err);
	if (boot_mount_cgroups(conf.cgroup, &err) < 0 || boot_net_names(conf.hostname, &err) < 0)
		fatal(&err);
	say("booted: %zu container(s), then %s", conf.n_ctrs, boot_action_name(conf.on_exit));
	if (conf.shell_only) {
		run_shell();
		power(conf.on_exit == RM_BOOT_SHELL ? RM_BOOT_POWEROFF : conf.on_exit);
	}
	supervise();
}
