/* SPDX-License-Identifier: Apache-2.0 */
/* debug.h - --debug: runc-mini says what it does, step by step, one line
 * per step on stderr or in the --log file, in the log's format (logrus
 * text or JSON, level "debug"), as runc --debug does.  Off, a step costs
 * one test of an int. */
#ifndef RM_DEBUG_H
#define RM_DEBUG_H

#include <stdbool.h>

extern int rm_debug_fd;     /* -1: off */

/* main: turn it on; to the log file when there is one, else stderr.  The
 * fd is close-on-exec: nothing of the container inherits it. */
void debug_open(const char *log, bool json);
void debug_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define RM_DEBUG(...) do { if (rm_debug_fd >= 0) debug_printf(__VA_ARGS__); } while (0)

#endif
