/* SPDX-License-Identifier: Apache-2.0 */
/* spec_seccomp.c - linux.seccomp -> struct rm_seccomp.
 *
 * Pure decoding, no syscalls.  The profile comes from the bundle and is
 * untrusted: names are mapped through fixed tables (an unknown one is an
 * error naming its JSON path), argument indexes are bounded by
 * seccomp_data.args[6], and errno values by the 16 data bits of a
 * seccomp return value.  Syscall names are NOT resolved here: which ones
 * exist depends on the ABI, and sc_compile() skips the unknown ones.
 */
#include "seccomp.h"

#include <errno.h>
#include <string.h>

#include "json.h"
#include "util.h"


static const char *const action_names[] = {
	[RM_SC_ACT_KILL] = "SCMP_ACT_KILL",
	[RM_SC_ACT_KILL_THREAD] = "SCMP_ACT_KILL_THREAD",
	[RM_SC_ACT_KILL_PROCESS] = "SCMP_ACT_KILL_PROCESS",
	[RM_SC_ACT_TRAP] = "SCMP_ACT_TRAP",
	[RM_SC_ACT_ERRNO] = "SCMP_ACT_ERRNO",
	[RM_SC_ACT_TRACE] = "SCMP_ACT_TRACE",
	[RM_SC_ACT_LOG] = "SCMP_ACT_LOG",
	[RM_SC_ACT_ALLOW] = "SCMP_ACT_ALLOW",
	[RM_SC_ACT_NOTIFY] = "SCMP_ACT_NOTIFY",
};

static const char *const op_names[] = {
	[RM_SC_CMP_NE] = "SCMP_CMP_NE", [RM_SC_CMP_LT] = "SCMP_CMP_LT",
	[RM_SC_CMP_LE] = "SCMP_CMP_LE", [RM_SC_CMP_EQ] = "SCMP_CMP_EQ",
	[RM_SC_CMP_GE] = "SCMP_CMP_GE", [RM_SC_CMP_GT] = "SCMP_CMP_GT",
	[RM_SC_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

static const char *const arch_names[] = {
	[RM_SC_ARCH_X86] = "SCMP_ARCH_X86", [RM_SC_ARCH_X86_64] = "SCMP_ARCH_X86_64",
	[RM_SC_ARCH_X32] = "SCMP_ARCH_X32", [RM_SC_ARCH_ARM] = "SCMP_ARCH_ARM",
	[RM_SC_ARCH_AARCH64] = "SCMP_ARCH_AARCH64", [RM_SC_ARCH_MIPS] = "SCMP_ARCH_MIPS",
	[RM_SC_ARCH_MIPS64] = "SCMP_ARCH_MIPS64", [RM_SC_ARCH_MIPS64N32] = "SCMP_ARCH_MIPS64N32",
	[RM_SC_ARCH_MIPSEL] = "SCMP_ARCH_MIPSEL", [RM_SC_ARCH_MIPSEL64] = "SCMP_ARCH_MIPSEL64",
	[RM_SC_ARCH_MIPSEL64N32] = "SCMP_ARCH_MIPSEL64N32", [RM_SC_ARCH_PPC] = "SCMP_ARCH_PPC",
	[RM_SC_ARCH_PPC64] = "SCMP_ARCH_PPC64", [RM_SC_ARCH_PPC64LE] = "SCMP_ARCH_PPC64LE",
	[RM_SC_ARCH_S390] = "SCMP_ARCH_S390", [RM_SC_ARCH_S390X] = "SCMP_ARCH_S390X",
	[RM_SC_ARCH_PARISC] = "SCMP_ARCH_PARISC", [RM_SC_ARCH_PARISC64] = "SCMP_ARCH_PARISC64",
	[RM_SC_ARCH_RISCV64] = "SCMP_ARCH_RISCV64", [RM_SC_ARCH_LOONGARCH64] = "SCMP_ARCH_LOONGARCH64",
	[RM_SC_ARCH_M68K] = "SCMP_ARCH_M68K", [RM_SC_ARCH_SH] = "SCMP_ARCH_SH",
	[RM_SC_ARCH_SHEB] = "SCMP_ARCH_SHEB",
};

const char *sc_action_name(enum rm_sc_action a) { return (size_t)a < RM_COUNT(action_names) ? action_names[a] : "?"; }
const char *sc_op_name(enum rm_sc_op op) { return (size_t)op < RM_COUNT(op_names) ? op_names[op] : "?"; }
const char *sc_arch_name(enum rm_sc_arch a) { return (size_t)a < RM_COUNT(arch_names) ? arch_names[a] : "?"; }

#ifdef RM_NO_SECCOMP

int sc_decode(const struct json_ctx *c, int t, const char *path, struct rm_arena *a,
	      struct rm_seccomp **out)
{
	(void)a;
	*out = NULL;
	return json_error(c, t, path, "seccomp support was compiled out (built with SECCOMP=0)");
}

#else

static int find_name(const char *const *tab, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(tab[i], s) == 0)
			return (int)i;
	return -1;
}

/* A required string field mapped through a name table. */
static int dec_enum(const struct json_ctx *c, int obj, const char *parent, const char *key,
		    const char *const *tab, size_t n, const char *what, int *out)
{
	char p[256], *s;
	int t = json_get(c->j, obj, key);
	json_path(p, sizeof p, parent, key, -1);
	if (t < 0 || json_is_null(c->j, t))
		return json_error(c, obj, p, "required");
	if (json_string(c, t, p, &s) < 0)
		return -1;
	if ((*out = find_name(tab, n, s)) < 0)
		return json_error(c, t, p, "unknown %s \"%s\"", what, s);
	return 0;
}

/* errnoRet / defaultErrnoRet: only with an action that returns data
 * (the runtime-spec: "the runtime MUST print an error and fail"), and
 * it must fit SECCOMP_RET_DATA. */
static int check_errno(const struct json_ctx *c, int obj, const char *parent, const char *key,
		       enum rm_sc_action act, uint32_t v)
{
	char p[256];
	int t = json_get(c->j, obj, key);
	json_path(p, sizeof p, parent, key, -1);
	if (act != RM_SC_ACT_ERRNO && act != RM_SC_ACT_TRACE)
		return json_error(c, t, p, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno, not %s",
				  action_names[act]);
	if (v > 0xffff)
		return json_error(c, t, p, "%u does not fit the 16 bits of a seccomp return value", v);
	return 0;
}

/* SCMP_ACT_NOTIFY: as runc, never the default action (every call of the
 * container would wait on the agent), and not for the calls the init
 * makes between loading the filter and handing its listener over: runc
 * refuses write; our init sends the listener with sendmsg, which would
 * wait for an agent that has no listener yet. */
static int check_notify(const struct json_ctx *c, int t, const char *path, const struct rm_sc_rule *r)
{
	if (r->action != RM_SC_ACT_NOTIFY)
		return 0;
	for (size_t i = 0; i < r->n_names; i++)
		if (strcmp(r->names[i], "write") == 0 || strcmp(r->names[i], "sendmsg") == 0)
			return json_error(c, t, path, "SCMP_ACT_NOTIFY cannot be used for %s", r->names[i]);
	return 0;
}

static int dec_arg(const struct json_ctx *c, int t, const char *path, struct rm_sc_arg *a)
{
	static const struct json_field f[] = {
		JF("index", JF_U32, struct rm_sc_arg, index),
		JF("value", JF_U64, struct rm_sc_arg, value),
		JF("valueTwo", JF_U64, struct rm_sc_arg, value_two),
	};
	char p[256];
	int op;
	if (json_decode(c, t, path, f, RM_COUNT(f), a) < 0)
		return -1;
	if (json_get(c->j, t, "index") < 0)
		return json_error(c, t, json_path(p, sizeof p, path, "index", -1), "required");
	if (json_get(c->j, t, "value") < 0)
		return json_error(c, t, json_path(p, sizeof p, path, "value", -1), "required");
	if (a->index >= RM_SC_MAX_ARGS)
		return json_error(c, json_get(c->j, t, "index"), json_path(p, sizeof p, path, "index", -1),
				  "%u is out of range: a syscall has arguments 0 to 5", a->index);
	if (dec_enum(c, t, path, "op", op_names, RM_COUNT(op_names), "operator", &op) < 0)
		return -1;
	a->op = (enum rm_sc_op)op;
	return 0;
}

static int dec_rule(const struct json_ctx *c, int t, const char *path, struct rm_sc_rule *r)
{
	char p[256], q[256];
	int v, act;
	if (json_expect(c, t, JSON_OBJECT, path) < 0)
		return -1;
	json_path(p, sizeof p, path, "names", -1);
	if ((v = json_get(c->j, t, "names")) < 0 || json_is_null(c->j, v))
		return json_error(c, t, p, "required");
	if (json_strv(c, v, p, &r->names, &r->n_names) < 0)
		return -1;
	if (r->n_names == 0)
		return json_error(c, v, p, "at least one syscall name is required");
	if (dec_enum(c, t, path, "action", action_names, RM_COUNT(action_names), "action", &act) < 0)
		return -1;
	r->action = (enum rm_sc_action)act;
	if (check_notify(c, json_get(c->j, t, "action"), json_path(p, sizeof p, path, "action", -1), r) < 0)
		return -1;
	if ((v = json_get(c->j, t, "errnoRet")) >= 0 && !json_is_null(c->j, v)) {
		if (json_u32(c, v, json_path(p, sizeof p, path, "errnoRet", -1), &r->errno_ret) < 0 ||
		    check_errno(c, t, path, "errnoRet", r->action, r->errno_ret) < 0)
			return -1;
		r->has_errno_ret = true;
	}
	if ((v = json_get(c->j, t, "args")) < 0 || json_is_null(c->j, v))
		return 0;
	json_path(p, sizeof p, path, "args", -1);
	if (json_expect(c, v, JSON_ARRAY, p) < 0)
		return -1;
	r->n_args = (size_t)json_len(c->j, v);
	if (!(r->args = arena_array(c->arena, r->n_args + 1, sizeof *r->args)))
		return rm_fail(c->err, ENOMEM, "%s", p);
	int it = json_first(c->j, v);
	for (size_t i = 0; i < r->n_args; i++, it = json_next(c->j, it))
		if (dec_arg(c, it, json_path(q, sizeof q, p, NULL, (int)i), &r->args[i]) < 0)
			return -1;
	return 0;
}

static int dec_archs(const struct json_ctx *c, int t, const char *path, struct rm_seccomp *s)
{
	if (json_strv(c, t, path, &s->architectures, &s->n_architectures) < 0)
		return -1;
	int it = json_first(c->j, t);
	for (size_t i = 0; i < s->n_architectures; i++, it = json_next(c->j, it)) {
		int a = find_name(arch_names, RM_COUNT(arch_names), s->architectures[i]);
		if (a < 0)
			return json_error(c, it, path, "unknown architecture \"%s\"", s->architectures[i]);
		s->arch_mask |= 1u << a;
	}
	return 0;
}

static int dec_flags(const struct json_ctx *c, int t, const char *path, struct rm_seccomp *s)
{
	static const struct { const char *name; unsigned bit; } tab[] = {
		{ "SECCOMP_FILTER_FLAG_TSYNC", RM_SC_FLAG_TSYNC },
		{ "SECCOMP_FILTER_FLAG_LOG", RM_SC_FLAG_LOG },
		{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", RM_SC_FLAG_SPEC_ALLOW },
		{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", RM_SC_FLAG_WAIT_KILLABLE_RECV },
	};
	if (json_strv(c, t, path, &s->flags, &s->n_flags) < 0)
		return -1;
	int it = json_first(c->j, t);
	for (size_t i = 0; i < s->n_flags; i++, it = json_next(c->j, it)) {
		size_t k = 0;
		while (k < RM_COUNT(tab) && strcmp(tab[k].name, s->flags[i]) != 0)
			k++;
		if (k == RM_COUNT(tab))
			return json_error(c, it, path, "unknown flag \"%s\"", s->flags[i]);
		s->flags_num |= tab[k].bit;
	}
	return 0;
}

/* listenerPath is needed by SCMP_ACT_NOTIFY and ignored without it
 * (runtime-spec); WAIT_KILLABLE_RECV only means something with it. */
static int check_listener(const struct json_ctx *c, int t, const char *path, struct rm_seccomp *s,
			  struct rm_seccomp **out)
{
	char p[256];
	for (size_t i = 0; i < s->n_syscalls; i++)
		s->uses_notify |= s->syscalls[i].action == RM_SC_ACT_NOTIFY;
	if (s->uses_notify && (!s->listener_path || !s->listener_path[0]))
		return json_error(c, t, json_path(p, sizeof p, path, "listenerPath", -1),
				  "required by SCMP_ACT_NOTIFY: the seccomp agent's socket");
	if (!s->uses_notify && (s->flags_num & RM_SC_FLAG_WAIT_KILLABLE_RECV))
		return json_error(c, json_get(c->j, t, "flags"), json_path(p, sizeof p, path, "flags", -1),
				  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV only applies to SCMP_ACT_NOTIFY");
	*out = s;
	return 0;
}

int sc_decode(const struct json_ctx *c, int t, const char *path, struct rm_arena *a,
	      struct rm_seccomp **out)
{
	static const struct json_field f[] = {
		JFH("defaultErrnoRet", JF_U32, struct rm_seccomp, default_errno_ret, has_default_errno_ret),
		JF("listenerPath", JF_STR, struct rm_seccomp, listener_path),
		JF("listenerMetadata", JF_STR, struct rm_seccomp, listener_metadata),
	};
	struct json_ctx cc = { c->j, a, c->err };
	char p[256], q[256];
	int v, act;
	struct rm_seccomp *s = arena_alloc(a, sizeof *s);
	*out = NULL;
	if (!s)
		return rm_fail(c->err, ENOMEM, "%s", path);
	if (json_decode(&cc, t, path, f, RM_COUNT(f), s) < 0)
		return -1;
	if (dec_enum(&cc, t, path, "defaultAction", action_names, RM_COUNT(action_names), "action", &act) < 0)
		return -1;
	s->default_action = (enum rm_sc_action)act;
	if (s->default_action == RM_SC_ACT_NOTIFY)
		return json_error(&cc, json_get(c->j, t, "defaultAction"),
				  json_path(p, sizeof p, path, "defaultAction", -1),
				  "SCMP_ACT_NOTIFY cannot be the default action");
	if (s->has_default_errno_ret &&
	    check_errno(&cc, t, path, "defaultErrnoRet", s->default_action, s->default_errno_ret) < 0)
		return -1;
	if (s->listener_metadata && !s->listener_path)
		return json_error(&cc, json_get(c->j, t, "listenerMetadata"),
				  json_path(p, sizeof p, path, "listenerMetadata", -1),
				  "must not be set without listenerPath");
	if ((v = json_get(c->j, t, "architectures")) >= 0 && !json_is_null(c->j, v) &&
	    dec_archs(&cc, v, json_path(p, sizeof p, path, "architectures", -1), s) < 0)
		return -1;
	if ((v = json_get(c->j, t, "flags")) >= 0 && !json_is_null(c->j, v) &&
	    dec_flags(&cc, v, json_path(p, sizeof p, path, "flags", -1), s) < 0)
		return -1;
	if ((v = json_get(c->j, t, "syscalls")) >= 0 && !json_is_null(c->j, v)) {
		json_path(p, sizeof p, path, "syscalls", -1);
		if (json_expect(&cc, v, JSON_ARRAY, p) < 0)
			return -1;
		s->n_syscalls = (size_t)json_len(c->j, v);
		if (!(s->syscalls = arena_array(a, s->n_syscalls + 1, sizeof *s->syscalls)))
			return rm_fail(c->err, ENOMEM, "%s", p);
		int it = json_first(c->j, v);
		for (size_t i = 0; i < s->n_syscalls; i++, it = json_next(c->j, it))
			if (dec_rule(&cc, it, json_path(q, sizeof q, p, NULL, (int)i), &s->syscalls[i]) < 0)
				return -1;
	}
	return check_listener(&cc, t, path, s, out);
}

#endif /* RM_NO_SECCOMP */
