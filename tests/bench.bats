#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# make bench's verdict (scripts/bench): a missed target anywhere, or a
# failing benchmark, makes the status 1 and is named. The figures
# themselves are measured by make bench, not here.
bats_require_minimum_version 1.5.0
load helper

setup() {
	T=$BATS_TEST_TMPDIR
	mkdir -p "$T/scripts"
	cp "$TOP/scripts/bench" "$T/scripts/bench"
	printf '#!/bin/sh\necho "fast: 1 ms (target < 5 ms): ok"\n' > "$T/scripts/bench-a"
}

@test "bench: every target met: status 0, and it says so" {
	run -0 sh "$T/scripts/bench" "$DP_BIN"
	assert_line "== bench-a"
	assert_line "fast: 1 ms (target < 5 ms): ok"
	assert_line --index 2 "bench: every target met"
}

@test "bench: a MISSED figure in any benchmark makes the status 1 and names it" {
	printf '#!/bin/sh\necho "slow: 9 ms (target < 5 ms): MISSED"\n' > "$T/scripts/bench-b"
	run -1 sh "$T/scripts/bench" "$DP_BIN"
	assert_line "slow: 9 ms (target < 5 ms): MISSED"
	assert_line "bench: missed or failed in: bench-b"
}

@test "bench: a benchmark that fails makes the status 1 even with no MISSED line" {
	printf '#!/bin/sh\necho "lines: 9 of 10"\nexit 1\n' > "$T/scripts/bench-c"
	run -1 sh "$T/scripts/bench" "$DP_BIN"
	assert_line "bench: missed or failed in: bench-c"
}
