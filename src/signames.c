/* SPDX-License-Identifier: Apache-2.0 */
#include "signames.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S(x) { #x, SIG##x }
static const struct { const char *name; int sig; } sigs[] = {
	S(HUP), S(INT), S(QUIT), S(ILL), S(TRAP), S(ABRT), S(BUS), S(FPE), S(KILL), S(USR1),
	S(SEGV), S(USR2), S(PIPE), S(ALRM), S(TERM), S(CHLD), S(CONT), S(STOP),
#ifdef SIGSTKFLT
	S(STKFLT),   /* not on MIPS */
#endif
#ifdef SIGEMT
	S(EMT),      /* MIPS only */
#endif
	S(TSTP), S(TTIN), S(TTOU), S(URG), S(XCPU), S(XFSZ), S(VTALRM), S(PROF), S(WINCH),
	S(IO), S(PWR), S(SYS), { "IOT", SIGIOT }, { "POLL", SIGPOLL },
};

int sig_parse(const char *s)
{
	char *end;
	/* Digits only: strtol alone takes " 9" and "+9". */
	if (*s && strspn(s, "0123456789") == strlen(s)) {
		long n = strlen(s) < 4 ? strtol(s, &end, 10) : -1;
		return n > 0 && n < _NSIG ? (int)n : -1;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (strcasecmp(sigs[i].name, s) == 0)
			return sigs[i].sig;
	if (strncasecmp(s, "RTMIN", 5) == 0 || strncasecmp(s, "RTMAX", 5) == 0) {
		int base = strncasecmp(s, "RTMIN", 5) == 0 ? SIGRTMIN : SIGRTMAX;
		long off = s[5] ? strtol(s + 5, &end, 10) : 0;
		if (s[5] && *end)
			return -1;
		int sig = base + (int)off;
		return sig >= SIGRTMIN && sig <= SIGRTMAX ? sig : -1;
	}
	return -1;
}
