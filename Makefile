# digitpipe: handwritten-digit recognition as small Unix filters.
# make [all] | check | demo | mnist | bench | install | uninstall | clean
# A sanitizer build: make asan (or pass CC, CFLAGS and LDFLAGS yourself).

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
BUILD	?= build

CC	?= cc
CFLAGS	?= -O2 -g
PKG_CONFIG ?= pkg-config

# Always added, whatever the user passes: the language, warnings, and the
# one place where feature macros are set (but for rec.c and awake.c, which
# ask for _GNU_SOURCE themselves: to size pipes, to name a thread).
# -ffp-contract=off: no fused multiply-add, so a model predicts the same
# digits to the last bit on every machine (gcc's ISO C default; clang and
# FMA hardware would fuse).
DP_CFLAGS = -std=c11 -Wall -Wextra -pthread -ffp-contract=off \
	    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ilib \
	    $(shell $(PKG_CONFIG) --cflags libpng libjpeg zlib 2>/dev/null)
DP_LIBS	= $(shell $(PKG_CONFIG) --libs libpng libjpeg zlib 2>/dev/null || echo -lpng -ljpeg -lz) \
	  -pthread -lm

TOOLS	= $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
# lrserve also needs libmicrohttpd; it is built only when that is present.
HAVE_MHD := $(shell $(PKG_CONFIG) --exists libmicrohttpd 2>/dev/null && echo yes)
ifneq ($(HAVE_MHD),yes)
TOOLS	:= $(filter-out lrserve,$(TOOLS))
endif
# lib/http.c, libmicrohttpd's adapter, is not in the library: it is
# linked into lrserve alone, so the other tools need no libmicrohttpd.
LIB_SRC	= $(filter-out lib/http.c,$(wildcard lib/*.c))
LIB_OBJ	= $(patsubst lib/%.c,$(BUILD)/obj/lib/%.o,$(LIB_SRC))
BINS	= $(addprefix $(BUILD)/bin/,$(TOOLS))
MAN1	= $(wildcard man/*.1)
MAN5	= $(wildcard man/*.5)
MAN7	= $(wildcard man/*.7)

# Test programs (tests/prog/): built with the tools, run by the tests,
# never installed.
TESTPROGS = $(patsubst tests/prog/%.c,$(BUILD)/test/%,$(wildcard tests/prog/*.c))

all: $(BINS) $(TESTPROGS)

# Each object depends on the headers it includes: -MMD writes them to a
# .d file beside it, read back below.
$(BUILD)/obj/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(DP_CFLAGS) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(DP_CFLAGS) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/prog/%.c
	@mkdir -p $(@D)
	$(CC) $(DP_CFLAGS) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(BUILD)/obj/*/*.d)

$(BUILD)/libdigitpipe.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@.tmp
	$(AR) rcs $@.tmp $(LIB_OBJ)
	mv $@.tmp $@

$(BUILD)/bin/lrserve: LDLIBS_EXTRA = $(BUILD)/obj/gen/web.o $(BUILD)/obj/lib/http.o $(shell $(PKG_CONFIG) --libs libmicrohttpd 2>/dev/null)
$(BUILD)/bin/lrserve: $(BUILD)/obj/gen/web.o $(BUILD)/obj/lib/http.o
$(BUILD)/obj/lib/http.o: CPPFLAGS += $(shell $(PKG_CONFIG) --cflags libmicrohttpd 2>/dev/null)
# The page in web/ is compiled into lrserve: scripts/embed turns its files
# into a C table (index.html first, served as /).
WEB	= web/index.html $(filter-out web/index.html,$(wildcard web/*.*))
$(BUILD)/gen/web.c: scripts/embed $(WEB)
	@mkdir -p $(@D)
	sh scripts/embed $(WEB) > $@.tmp
	mv $@.tmp $@
$(BUILD)/obj/gen/web.o: $(BUILD)/gen/web.c
	@mkdir -p $(@D)
	$(CC) $(DP_CFLAGS) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/bin/%: $(BUILD)/obj/cmd/%.o $(BUILD)/libdigitpipe.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libdigitpipe.a $(LDLIBS_EXTRA) $(DP_LIBS) $(LDLIBS)

$(BUILD)/test/%: $(BUILD)/obj/tests/%.o $(BUILD)/libdigitpipe.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libdigitpipe.a $(DP_LIBS) $(LDLIBS)

# ---- the layout: lib/ depends one way, adapters at the ground ----------
# scripts/depgraph reads the objects' symbols (nm) and fails on a circle
# or on an adapter that uses more than the ground.
deps: $(BUILD)/libdigitpipe.a $(addprefix $(BUILD)/obj/cmd/,$(addsuffix .o,$(TOOLS))) \
    $(if $(filter lrserve,$(TOOLS)),$(BUILD)/obj/lib/http.o)
	sh scripts/depgraph $(BUILD)/obj

# ---- data -------------------------------------------------------------
mnist: data/mnist/.verified
data/mnist/.verified: scripts/fetch-mnist DEVELOPERS.md
	sh scripts/fetch-mnist data/mnist

# ---- tests ------------------------------------------------------------
# The whole suite: every tool, pipelines, examples, man pages.
check: all mnist deps
	DP_BIN=$(CURDIR)/$(BUILD)/bin sh tests/run

# The same suite against an ASan+UBSan build (clang), which also takes
# the 64-bit-word ways of bplane.c and runs.c instead of SSE2 (the same
# answers: the suite checks both).
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -DDP_NO_SSE2
asan:
	$(MAKE) BUILD=build-asan CC=clang CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" check

# ---- fuzzing: libFuzzer harnesses in fuzz/ (clang) ----------------------
# make fuzz runs each harness for FUZZ_SECONDS (nice'd, one at a time),
# starting from the seeds in fuzz/corpus/NAME (fuzz_NAME.c); new inputs and any crash
# land in build-fuzz/. make fuzz-smoke is the short run the tests use.
FUZZERS	= $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
	      -fno-sanitize-recover=all -fno-omit-frame-pointer
# The pixel and number crunching is built without libFuzzer's comparison
# tracing: its compares are loop bounds and sizes derived from the
# pixels, which tracing cannot steer, and the tracing took half of
# fuzz_segment's time. The parsers keep it (fuzz/README).
FUZZ_NOCMP = plane paper ink box deskew segment cut norm feat predict
fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" fuzzers
fuzzers: $(addprefix $(BUILD)/fuzz/,$(FUZZERS))
ifeq ($(BUILD),build-fuzz)
$(patsubst %,$(BUILD)/obj/lib/%.o,$(FUZZ_NOCMP)): \
	DP_CFLAGS += -fno-sanitize-coverage=trace-cmp
# The objects follow a change of these flags.
$(LIB_OBJ): $(BUILD)/fuzz-flags
$(BUILD)/fuzz-flags: FORCE
	@mkdir -p $(@D)
	@echo '$(FUZZ_CFLAGS) $(FUZZ_NOCMP)' | cmp -s - $@ || \
	    echo '$(FUZZ_CFLAGS) $(FUZZ_NOCMP)' > $@
.PHONY: FORCE
FORCE:
endif
$(BUILD)/fuzz/%: fuzz/%.c $(BUILD)/libdigitpipe.a
	@mkdir -p $(@D)
	$(CC) $(DP_CFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(BUILD)/libdigitpipe.a $(DP_LIBS)
fuzz: fuzz-build
	sh scripts/fuzz build-fuzz $(FUZZ_SECONDS) $(FUZZERS)
FUZZ_SMOKE_SECONDS ?= 20
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

# ---- the main job, end to end -------------------------------------------
demo: all mnist
	sh scripts/demo $(BUILD)/bin

bench: all mnist
	sh scripts/bench $(BUILD)/bin

# lrserve's memory under ten minutes of mixed load (make bench runs the
# same script for a minute); SOAK_SECS sets the length.
SOAK_SECS ?= 600
soak: all mnist
	SOAK_SECS=$(SOAK_SECS) sh scripts/bench-soak $(BUILD)/bin
.PHONY: soak

# ---- install --------------------------------------------------------------
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	for t in $(TOOLS); do cp $(BUILD)/bin/$$t $(DESTDIR)$(BINDIR)/$$t.tmp && mv $(DESTDIR)$(BINDIR)/$$t.tmp $(DESTDIR)$(BINDIR)/$$t; done
	$(if $(MAN1),cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(MAN5),cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/)
	$(if $(MAN7),cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/)

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for f in $(notdir $(MAN1)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$f; done
	for f in $(notdir $(MAN5)); do rm -f $(DESTDIR)$(MANDIR)/man5/$$f; done
	for f in $(notdir $(MAN7)); do rm -f $(DESTDIR)$(MANDIR)/man7/$$f; done

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all deps mnist check asan demo bench install uninstall clean \
	fuzz fuzz-build fuzzers fuzz-smoke
.DELETE_ON_ERROR:
.SECONDARY:

# The original project's experiment: all 70,000 digits, a seeded 80/20 split.
split-demo: all mnist
	sh scripts/split-demo $(BUILD)/bin $(SEED)
SEED ?= 42
.PHONY: split-demo

# The README's pictures, drawn by the tools themselves into doc/pictures
# (committed; deterministic, so a rerun changes nothing).
pictures: all mnist
	sh scripts/pictures $(BUILD)/bin doc/pictures
.PHONY: pictures
