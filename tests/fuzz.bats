#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The libFuzzer harnesses (fuzz/) build, replay every committed seed and
# malformed input without a report (the regression tests of what fuzzing
# found), and fuzz each parser briefly (make fuzz-smoke: 20 s each unless
# FUZZ_SMOKE_SECONDS says otherwise). Skipped only where clang cannot
# link libFuzzer.
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	# One make at a time in build-fuzz/.
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
}

setup() {
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' \
	    > "$BATS_TEST_TMPDIR/t.c"
	clang -fsanitize=fuzzer,address,undefined -o "$BATS_TEST_TMPDIR/t" \
	    "$BATS_TEST_TMPDIR/t.c" 2>/dev/null ||
		skip_or_fail "clang cannot link libFuzzer here (libclang-rt-14-dev missing?)"
	cd "$TOP" || return 1
	make -s fuzz-build >/dev/null
}

@test "fuzz: every harness replays its seeds and the malformed inputs cleanly" {
	for h in fuzz/fuzz_*.c; do
		name=$(basename "$h" .c)
		seeds=$(sh scripts/fuzz --seeds build-fuzz "$name")
		files=$(find "$seeds" -type f | sort)
		[ -n "$files" ] || { echo "$name: no seeds" >&2; return 1; }
		# shellcheck disable=SC2086
		run build-fuzz/fuzz/"$name" $files
		[ "$status" -eq 0 ] || { echo "$name: $output" | tail -n 30 >&2; return 1; }
		n=$(echo "$output" | grep -c '^Running: ') || true
		[ "$n" -eq "$(echo "$files" | wc -l)" ] ||
			{ echo "$name ran $n inputs" >&2; return 1; }
	done
}

@test "fuzz: a short fuzzing run of every harness finds nothing" {
	run make -s fuzz-smoke
	echo "$output" | grep '^fuzz_' >&3 || true
	[ "$status" -eq 0 ] || { echo "$output" | tail -n 30 >&2; return 1; }
	for h in fuzz/fuzz_*.c; do
		name=$(basename "$h" .c)
		assert_line --regexp "^$name: [0-9]+ runs in [0-9]+s, cov: [0-9]+, exit 0$"
	done
}
