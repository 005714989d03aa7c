/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json-app: the seed's demo app, a tiny single-threaded HTTP/1.0 server.
 *
 *   json-app [PORT]     PORT defaults to $PORT, then 8080; listens on 0.0.0.0
 *
 *   GET /json  200 application/json {"hostname":..,"pid":..,"uid":..,"gid":..,
 *              "cwd":..,"env":{"KEY":"value",...}}
 *   GET /      200 text/plain hello
 *   else       404 (405 for a method other than GET)
 *
 * SIGTERM and SIGINT exit 0 between requests; SIGPIPE is ignored so a client
 * that hangs up early cannot kill the server.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

/* Writes s as a JSON string: quotes, backslash and control chars escaped. */
static void json_string(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_body(FILE *out)
{
	extern char **environ;
	char host[HOST_NAME_MAX + 1] = "", cwd[PATH_MAX] = "";

	gethostname(host, sizeof(host) - 1);
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	fputs("{\"hostname\":", out);
	json_string(out, host, strlen(host));
	fprintf(out, ",\"pid\":%d,\"uid\":%u,\"gid\":%u,\"cwd\":", (int)getpid(),
		(unsigned)getuid(), (unsigned)getgid());
	json_string(out, cwd, strlen(cwd));
	fputs(",\"env\":{", out);
	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		size_t klen = eq ? (size_t)(eq - *e) : strlen(*e);

		fputs(e == environ ? "" : ",", out);
		json_string(out, *e, klen);
		fputc(':', out);
		json_string(out, eq ? eq + 1 : "", eq ? strlen(eq + 1) : 0);
	}
	fputs("}}\n", out);
}

static void send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* client went away: nothing more to do */
		buf += n;
		len -= (size_t)n;
	}
}

static void reply(int fd, const char *status, const char *type, const char *body,
		  size_t len)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n", status, type, len);

	send_all(fd, head, (size_t)n);
	send_all(fd, body, len);
}

/* Reads the request head (up to a blank line, EOF or 4 KiB) and answers it. */
static void serve(int fd)
{
	char req[4096], *body = NULL;
	size_t len = 0, blen = 0;
	ssize_t n;
	FILE *out;

	while (len < sizeof(req) - 1 && (n = recv(fd, req + len, sizeof(req) - 1 - len, 0)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return; /* reset or receive timeout */
		len += (size_t)n;
		if (memmem(req, len, "\r\n\r\n", 4) || memmem(req, len, "\n\n", 2))
			break;
	}
	req[len] = '\0';
	if (strncmp(req, "GET ", 4) != 0) {
		reply(fd, "405 Method Not Allowed", "text/plain", "method not allowed\n", 19);
		return;
	}
	req[4 + strcspn(req + 4, " ?\r\n")] = '\0'; /* path, without query */
	if (strcmp(req + 4, "/") == 0) {
		reply(fd, "200 OK", "text/plain", "hello from json-app\n", 20);
	} else if (strcmp(req + 4, "/json") == 0 && (out = open_memstream(&body, &blen))) {
		json_body(out);
		if (fclose(out) == 0)
			reply(fd, "200 OK", "application/json", body, blen);
		else
			reply(fd, "500 Internal Server Error", "text/plain", "out of memory\n", 14);
		free(body);
	} else {
		reply(fd, "404 Not Found", "text/plain", "not found\n", 10);
	}
}

static int listen_on(long port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
				    .sin_port = htons((unsigned short)port),
				    .sin_addr.s_addr = htonl(INADDR_ANY) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 16) < 0) {
		fprintf(stderr, "json-app: listen on port %ld: %s\n", port, strerror(errno));
		exit(1);
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *arg = argc > 1 ? argv[1] : getenv("PORT") ? getenv("PORT") : "8080";
	struct sigaction sa = { .sa_handler = on_stop }; /* no SA_RESTART */
	struct timeval timeout = { .tv_sec = 5 };
	sigset_t stops, waiting;
	char *end;
	long port = strtol(arg, &end, 10);
	int lfd;

	if (end == arg || *end || port < 1 || port > 65535) {
		fprintf(stderr, "json-app: bad port '%s' (usage: json-app [PORT])\n", arg);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* Stop signals are only let in while waiting in ppoll (atomically, so
	 * none is lost between a check of `stop` and the wait); a request in
	 * progress is finished first. */
	sigemptyset(&stops);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGINT);
	sigprocmask(SIG_BLOCK, &stops, &waiting);
	sigdelset(&waiting, SIGTERM);
	sigdelset(&waiting, SIGINT);
	lfd = listen_on(port);
	fprintf(stderr, "listening on %ld\n", port);
	while (!stop) {
		struct pollfd p = { .fd = lfd, .events = POLLIN };
		int c, ready = ppoll(&p, 1, NULL, &waiting);

		if (ready < 0 && errno != EINTR) {
			fprintf(stderr, "json-app: ppoll: %s\n", strerror(errno));
			return 1;
		}
		if (ready <= 0)
			continue; /* EINTR: the loop condition sees `stop` */
		c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		/* A client that never sends must not hang the only thread. */
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
		setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
		serve(c);
		close(c);
	}
	close(lfd);
	return 0;
}
