/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pause: the pod sandbox's process for the CRI tests.  It holds the pod's
 * namespaces open until it is told to stop, reaps whatever is reparented to
 * it (it is PID 1 of a pod whose pid namespace is shared), and exits 0 on
 * TERM or INT, as the kubelet's pause image does.  Static, no libc stdio.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static void on_child(int sig)
{
	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

int main(void)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	while (!stop)
		pause();
	return 0;
}
