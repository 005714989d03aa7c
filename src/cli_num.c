/* SPDX-License-Identifier: Apache-2.0 */
/* cli_num.c - numbers from the command line, parsed strictly.
 *
 * strtod and unchecked strtol let "-5", "-0.5", "1e19", "nan" and " 9"
 * through, to an undefined double-to-int conversion or a wrapped unsigned
 * value that reached a cgroup file before anything failed.  Here a number
 * is digits (an optional '-'), checked against its range before any
 * caller acts on it. */
#include <stdint.h>
#include <string.h>

#include "cli.h"

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Digits (at most 19, so no overflow) into *out. */
static bool to_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	if (!all_digits(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

int cli_int(const char *what, const char *s, int64_t min, int64_t max, int64_t *out, struct rm_err *err)
{
	bool neg = s[0] == '-';
	uint64_t u;
	if (!to_u64(s + neg, strlen(s + neg), &u) || u > (uint64_t)INT64_MAX + neg)
		return rm_fail(err, 0, "%s: expected an integer, got \"%.64s\"", what, s);
	int64_t v = neg ? (int64_t)(0 - u) : (int64_t)u;
	if (v < min || v > max)
		return rm_fail(err, 0, "%s: %lld is out of range %lld..%lld", what, (long long)v,
			       (long long)min, (long long)max);
	*out = v;
	return 0;
}

static int64_t unit_of(char c)
{
	switch (c | 0x20) {
	case 'k': return 1LL << 10;
	case 'm': return 1LL << 20;
	case 'g': return 1LL << 30;
	case 't': return 1LL << 40;
	case 'p': return 1LL << 50;
	default: return 0;
	}
}

/* floor(fv / scale * mult) for fv < scale <= 10^9 and mult a power of
 * two, by long division (no 128-bit product on 32-bit targets). */
static uint64_t frac_bytes(uint64_t fv, uint64_t scale, uint64_t mult)
{
	uint64_t q = 0;
	for (; mult > 1; mult >>= 1) {
		fv *= 2;
		q = q * 2 + (fv >= scale);
		if (fv >= scale)
			fv -= scale;
	}
	return q;
}

/* "-1" (unlimited), or docker's RAMInBytes as runc takes it: digits, an
 * optional fraction, an optional space, a unit k/m/g/t/p with an optional
 * "i" and "b" (all binary), or a plain "b".  A fraction needs a unit and
 * the bytes are whole (truncated), computed in integers. */
int cli_bytes(const char *what, const char *s, int64_t *out, struct rm_err *err)
{
	const char *p = s, *dot, *frac = "";
	size_t ni, nf = 0;
	int64_t mult = 1;
	uint64_t iv, fv = 0, scale = 1;
	if (strcmp(s, "-1") == 0) {
		*out = -1;
		return 0;
	}
	ni = strspn(p, "0123456789");
	dot = p + ni;
	if (*dot == '.') {
		frac = dot + 1;
		nf = strspn(frac, "0123456789");
		p = frac + nf;
	} else {
		p = dot;
	}
	if (*p == ' ')
		p++;
	if (*p && unit_of(*p)) {
		mult = unit_of(*p++);
		if ((*p | 0x20) == 'i')
			p++;
	}
	if ((*p | 0x20) == 'b')
		p++;
	if (*p || !to_u64(s, ni, &iv) || (*dot == '.' && (nf == 0 || mult == 1)))
		return rm_fail(err, 0, "%s: invalid size \"%.64s\" (bytes, or a number with k, m, g, t or p)",
			       what, s);
	for (size_t i = 0; i < nf && i < 9; i++) {
		fv = fv * 10 + (uint64_t)(frac[i] - '0');
		scale *= 10;
	}
	uint64_t part = frac_bytes(fv, scale, (uint64_t)mult);
	if (iv > (uint64_t)INT64_MAX / (uint64_t)mult || iv * (uint64_t)mult > (uint64_t)INT64_MAX - part)
		return rm_fail(err, 0, "%s: size \"%.64s\" is out of range (at most %lld bytes)", what, s,
			       (long long)INT64_MAX);
	*out = (int64_t)(iv * (uint64_t)mult + part);
	return 0;
}
