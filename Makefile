# SPDX-License-Identifier: Apache-2.0
# runc-mini: one static binary (musl), plus its tests.
#   make                 static stripped binary ./runc-mini
#   make test            unit tests (ASan+UBSan) and integration tests (bats, root)
#   make unit | integ    one of the two
#   make fuzz            libFuzzer targets (clang)
#   make size            stripped size
#   make install PREFIX=/usr/local DESTDIR=
#   make CROSS=aarch64   (arm, mipsel, mips64el, riscv64: see tools/cross-toolchain)

VERSION    := 0.1.0
COMMIT     := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
SPEC_VERSION := 1.2.0

PREFIX     ?= /usr/local
DESTDIR    ?=
# TINY=1: the small build (below), in its own BUILD dir.
TINY       ?= 0
BUILD      ?= $(if $(filter 1,$(TINY)),build/tiny,build)

# Features: SECCOMP=0 compiles the seccomp compiler out; a config with
# linux.seccomp is then refused clearly.  (Use another BUILD= per mode.)
SECCOMP    ?= 1
# TINY=1 (make TINY=1: build/tiny/runc-mini) keeps the bundle runner, the
# runc lifecycle (create start run state kill delete list pause resume ps),
# spec, features, cgroups, --init and the initramfs /init, and leaves out
# seccomp and the verbs only an engine drives, each with its own engine
# module: exec (exec.c), update and events (update.c).  Their sources are
# left out of the link; src/tiny.c answers those verbs with "not in this
# build" (RM_LEFT_OUT names them, for that message and for features).
TINY_OUT   := src/cli_exec.c src/exec.c src/cli_update.c src/cli_events.c src/update.c
ifeq ($(TINY),1)
override SECCOMP := 0
FEATURES_TINY := -DRM_LEFT_OUT=\"seccomp\ exec\ update\ events\"
endif
FEATURES   := $(if $(filter 0,$(SECCOMP)),-DRM_NO_SECCOMP) $(FEATURES_TINY)

CC         := musl-gcc
HOSTCC     ?= cc
# CFLAGS is the user's (make CFLAGS=-O2 replaces it); RM_CFLAGS holds what
# every build needs and comes after it: warnings as errors, the GNU
# extensions, the feature and version macros.
CFLAGS     ?= -Os
RM_CFLAGS  := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation \
              -D_GNU_SOURCE $(FEATURES) \
              -DRM_VERSION=\"$(VERSION)\" -DRM_COMMIT=\"$(COMMIT)\" -DRM_SPEC_VERSION=\"$(SPEC_VERSION)\"
# Size: sections for --gc-sections, no unwind tables.  -fno-stack-protector
# because Debian's gcc turns -fstack-protector-strong on by default and its
# canaries are code in every function with a local buffer: 11 KiB, 4% of the
# x86-64 binary.  Memory errors are hunted by the unit tests under ASan/UBSan
# and the fuzzers.  CFLAGS comes last: CFLAGS=-fstack-protector-strong has them.
RM_CFLAGS  += -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-stack-protector
# -fno-unwind-tables: aarch64's gcc turns -funwind-tables on by default
# (27 KiB of .eh_frame that nothing reads: C, no unwinder).
RM_CFLAGS  += -fno-unwind-tables
# -fno-pie: the link is static and not PIE (an ET_EXEC at a fixed address,
# so no ASLR of the binary is lost), but Debian's gcc compiles for PIE by
# default: RIP-relative address loads (longer than absolute ones) and 16 KiB
# of pointer tables in writable .data.rel.ro.  x86-64: 284080 -> 276368.
# (The cross wrappers pass -fno-pie -no-pie already.)
RM_CFLAGS  += -fno-pie
# mipsel: static non-PIC code needs no abicalls (GOT-indirect calls through
# $t9); without them mipsel's .text is 28 KiB smaller (mips64el's n64 code
# crashes without them).
RM_CFLAGS  += $(if $(filter mipsel,$(CROSS_ARCH)),-mno-abicalls)
# -MMD -MP: each object depends on the headers it includes (build/**/*.d).
DEPFLAGS   := -MMD -MP
ALL_CFLAGS  = $(RM_CFLAGS) $(CFLAGS) $(EXTRA) $(DEPFLAGS)
LDFLAGS    += -static -Wl,--gc-sections -s $(EXTRA)
# -z norelro: a static musl binary never mprotects its PT_GNU_RELRO range
# (only the dynamic linker does; /proc/self/maps shows the page rw-), so
# RELRO protects nothing here, while its page alignment costs up to one
# max-page-size of file padding (aarch64's ld aligns to 64 KiB: 32 KiB).
# The max-page-size itself is kept, so the binaries still load on
# 16/64 KiB-page kernels (Debian's arm64 kernel uses 4 KiB pages; its
# 16k flavour, RHEL's 64 KiB and Asahi's 16 KiB do not).  -z separate-code
# (ld's default on x86-64) is kept too.
LDFLAGS    += -Wl,-z,norelro -no-pie

# Kernel uapi headers only: adding all of /usr/include would mix glibc
# headers into a musl build.
UAPI       := $(BUILD)/include
UAPI_ARCH  ?= /usr/include/x86_64-linux-gnu/asm

SRCS       := $(filter-out src/tiny.c,$(wildcard src/*.c))
ifeq ($(TINY),1)
SRCS       := $(filter-out $(TINY_OUT),$(SRCS)) src/tiny.c
.DEFAULT_GOAL := tiny
endif
OBJS       := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS))
HDRS       := $(wildcard src/*.h src/image/*.h)

# runc-mini-image: the engine of rootfs-tools/mkbundle (image archives and
# layouts -> bundle), a second small static binary so the runtime stays small.
IMG_SRCS   := $(wildcard src/image/*.c) src/json.c src/arena.c src/err.c src/util.c src/safe.c src/spec_default.c
IMG_OBJS   := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(IMG_SRCS))

all: runc-mini runc-mini-image

$(UAPI)/.stamp:
	@test -f /usr/include/jsmn.h || { echo "missing /usr/include/jsmn.h: apt-get install libjsmn-dev" >&2; exit 1; }
	@command -v musl-gcc >/dev/null || { echo "missing musl-gcc: apt-get install musl-tools" >&2; exit 1; }
	mkdir -p $(UAPI)
	cp -r /usr/include/linux /usr/include/asm-generic $(UAPI)/
	cp -r $(UAPI_ARCH) $(UAPI)/asm
	cp /usr/include/jsmn.h $(UAPI)/
	touch $@

# Objects built before the -MMD dependency files existed have no .d file,
# so a changed header would not rebuild them (and a stale struct layout
# crashes at run time): this stamp, newer than such objects, rebuilds each
# of them once.
DEPSTAMP   := $(BUILD)/.deps-mmd
$(DEPSTAMP):
	@mkdir -p $(dir $@) && touch $@

$(BUILD)/obj/%.o: src/%.c $(UAPI)/.stamp $(DEPSTAMP)
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -I$(UAPI) -c -o $@ $<

# The seccomp compiler's syscall name tables, generated from the target's
# own kernel headers (tools/gen-syscall-names); an aarch64 target also
# needs 32-bit ARM's (ARM_UAPI, fetched by tools/cross-toolchain).
GEN_TABLES := $(BUILD)/gen/syscall_tables.c
ifneq ($(SECCOMP),0)
OBJS       += $(BUILD)/obj/syscall_tables.o
endif
$(GEN_TABLES): tools/gen-syscall-names $(UAPI)/.stamp
	@mkdir -p $(dir $@)
	@echo "  GEN   $@"
	@tools/gen-syscall-names "$(CC)" $(UAPI) $(ARM_UAPI) >$@.tmp && mv $@.tmp $@
$(BUILD)/obj/syscall_tables.o: $(GEN_TABLES) src/syscall_names.h
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -Isrc -I$(UAPI) -c -o $@ $<

runc-mini: $(OBJS)
	@echo "  LD    $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS)

runc-mini-image: $(IMG_OBJS)
	@echo "  LD    $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(IMG_OBJS)

size: runc-mini runc-mini-image $(BUILD)/runc-mini.syms
	@stat -c '%s bytes  %n' runc-mini runc-mini-image
	@echo "15 largest symbols in the file (bytes, type, name; bss left out):"
	@nm -S --size-sort -r -t d $(BUILD)/runc-mini.syms | awk '$$3 !~ /^[bB]$$/' | head -15 | \
	  awk '{ printf "  %7d %s %s\n", $$2, $$3, $$4 }'
	@echo "objects (text+data before --gc-sections, bytes):"
	@size $(OBJS) | awk 'NR > 1 { printf "  %7d %s\n", $$1 + $$2, $$6 }' | sort -rn

# The same link, unstripped, for the symbol sizes.
$(BUILD)/runc-mini.syms: $(OBJS)
	@$(CC) $(ALL_CFLAGS) $(filter-out -s,$(LDFLAGS)) -o $@ $(OBJS)

# Test helpers that live inside test rootfs.
$(BUILD)/probe: tests/probe/probe.c
	@mkdir -p $(BUILD)
	musl-gcc -static -Os -Wall -Wextra -Werror -o $@ $< -s
$(BUILD)/json-app: tests/app/json-app.c
	@mkdir -p $(BUILD)
	musl-gcc -static -Os -Wall -Wextra -Werror -o $@ $< -s

helpers: $(BUILD)/probe $(BUILD)/json-app

# Unit tests: host compiler, ASan+UBSan, cmocka, linked against every
# module but main.c (an archive: each test pulls in what it uses).
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
UNIT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation -D_GNU_SOURCE $(FEATURES) \
              -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
              -DRM_VERSION=\"$(VERSION)\" -DRM_COMMIT=\"$(COMMIT)\" -DRM_SPEC_VERSION=\"$(SPEC_VERSION)\" \
              -Isrc -Itests/unit
LIB_SRCS   := $(filter-out src/main.c,$(SRCS)) $(filter-out src/image/main.c,$(wildcard src/image/*.c))
LIB_OBJS   := $(patsubst src/%.c,$(BUILD)/unit/obj/%.o,$(LIB_SRCS))
UNIT_TABLES := $(BUILD)/unit/gen/syscall_tables.c
ifneq ($(SECCOMP),0)
LIB_OBJS   += $(BUILD)/unit/obj/syscall_tables.o
endif
$(UNIT_TABLES): tools/gen-syscall-names $(UAPI)/.stamp
	@mkdir -p $(dir $@)
	@tools/gen-syscall-names "$(HOSTCC)" $(UAPI) >$@.tmp && mv $@.tmp $@
$(BUILD)/unit/obj/syscall_tables.o: $(UNIT_TABLES) src/syscall_names.h
	@echo "  CC    $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -c -o $@ $<

$(BUILD)/unit/obj/%.o: src/%.c $(DEPSTAMP)
	@mkdir -p $(dir $@)
	@echo "  CC    $@"
	@$(HOSTCC) $(UNIT_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/unit/librm.a: $(LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $(LIB_OBJS)

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/unit/librm.a $(DEPSTAMP)
	@mkdir -p $(dir $@)
	@echo "  CC    $@"
	@$(HOSTCC) $(UNIT_CFLAGS) $(DEPFLAGS) -o $@ $< $(BUILD)/unit/librm.a -lcmocka

unit: $(UNIT_BINS)
	@bash tests/run-unit $(UNIT_BINS)

integ: runc-mini runc-mini-image helpers tiny-bin
	@bash tests/run-integ

test: runc-mini runc-mini-image helpers tiny-bin $(UNIT_BINS)
	@bash tests/run-all $(UNIT_BINS)

# cgroup v2 and no-cgroup hosts, for real: qemu boots of a Debian kernel.
vm: runc-mini
	@bash tests/vm/run ./runc-mini
	@bash tests/vm/boot ./runc-mini

# A long soak for developers, not in CI: SOAK_N runs (default 1000), cycles,
# kills at random points, concurrent runs; zero leaks or it fails.
soak: runc-mini helpers
	@bash tests/soak/run ./runc-mini
.PHONY: soak

# Build a busybox bundle and run one command in it (README quick start).
demo: runc-mini helpers
	@rm -rf $(BUILD)/demo && mkdir -p $(BUILD)/demo
	@rootfs-tools/busybox-rootfs $(BUILD)/demo/rootfs --add $(BUILD)/json-app:/app/json-app >/dev/null
	@cd $(BUILD)/demo && ../../runc-mini spec </dev/null && \
	  jq '.process.args = ["sh", "-c", "echo hello from $$(hostname), pid $$$$, uid $$(id -u)"]' config.json >c && mv c config.json
	./runc-mini $(BUILD)/demo

FUZZ_SRCS  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
$(BUILD)/fuzz/%: tests/fuzz/%.c $(SRCS) $(HDRS) $(UNIT_TABLES)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc -o $@ $< \
	    $$(sed -n '1s|.*needs:\(.*\)\*/.*|\1|p' $<) $(UNIT_TABLES)
# Seeds: tests/fuzz/corpus and the unit tests' fixtures (engines' configs, not copied twice).
fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do n=$$(basename $$f); mkdir -p $(BUILD)/corpus/$$n; \
	  $$f -max_total_time=$${FUZZ_SECONDS:-20} $(BUILD)/corpus/$$n tests/fuzz/corpus tests/unit/fixtures || exit 1; done

install: runc-mini runc-mini-image
	install -D -m 0755 runc-mini $(DESTDIR)$(PREFIX)/bin/runc-mini
	install -D -m 0755 runc-mini-image $(DESTDIR)$(PREFIX)/bin/runc-mini-image
	install -D -m 0755 rootfs-tools/mkbundle $(DESTDIR)$(PREFIX)/bin/mkbundle
	install -D -m 0644 doc/runc-mini.8 $(DESTDIR)$(PREFIX)/share/man/man8/runc-mini.8

# make CROSS=ARCH (aarch64, arm, mipsel, mips64el, riscv64): the same static stripped
# build with a musl cross toolchain set up by tools/cross-toolchain
# (cached under $(BUILD)/cross), into $(BUILD)/ARCH/runc-mini (and the
# mkbundle engine $(BUILD)/ARCH/runc-mini-image). A sub-make
# with BUILD=$(BUILD)/ARCH, CC and UAPI pointing at that toolchain.
ifneq ($(CROSS),)
.DEFAULT_GOAL := cross
cross:
	@tools/cross-toolchain $(CROSS) $(BUILD) >/dev/null
	@$(MAKE) --no-print-directory CROSS= CROSS_ARCH=$(CROSS) BUILD=$(BUILD)/$(CROSS) \
	  CC=$(abspath $(BUILD)/cross/$(CROSS))/cc UAPI=$(BUILD)/cross/$(CROSS)/include \
	  $(if $(filter aarch64,$(CROSS)),ARM_UAPI=$(BUILD)/cross/$(CROSS)/compat-include) \
	  $(BUILD)/$(CROSS)/runc-mini $(BUILD)/$(CROSS)/runc-mini-image
	@stat -c '%s bytes  %n' $(BUILD)/$(CROSS)/runc-mini $(BUILD)/$(CROSS)/runc-mini-image
endif
# The binaries under $(BUILD), for cross builds and other modes:
# make SECCOMP=0 BUILD=build/noseccomp build/noseccomp/runc-mini
$(BUILD)/runc-mini: $(OBJS)
	@echo "  LD    $@ $(CROSS_ARCH)"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS)
$(BUILD)/runc-mini-image: $(IMG_OBJS)
	@echo "  LD    $@ $(CROSS_ARCH)"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(IMG_OBJS)
.PHONY: cross
# make TINY=1: the tiny binary and its size.  tiny-bin builds it for the
# integration tests (tests/integ/tiny.bats).
tiny: $(BUILD)/runc-mini
	@stat -c '%s bytes  %n' $(BUILD)/runc-mini
tiny-bin:
	@$(MAKE) --no-print-directory TINY=1 BUILD=build/tiny tiny
.PHONY: tiny tiny-bin

# Kubernetes' path: containerd's CRI -> runc shim -> runc-mini (and runc beside it).
cri: runc-mini helpers
	@bash tests/cri/run ./runc-mini
bench-cri: runc-mini helpers
	@bash tests/cri/run --bench ./runc-mini
.PHONY: cri bench-cri

# runc-mini vs runc vs crun: wall time, RSS, size (tests/bench/run; BENCH_N=50)
bench: runc-mini
	@bash tests/bench/run $(BENCH_N)
.PHONY: bench

clean:
	rm -rf $(BUILD) runc-mini runc-mini-image

.PHONY: all size helpers unit integ test vm demo fuzz install clean

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/image/*.d $(BUILD)/unit/*.d $(BUILD)/unit/obj/*.d $(BUILD)/unit/obj/image/*.d)
