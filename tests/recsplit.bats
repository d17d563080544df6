#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

setup() {
	R=$BATS_TEST_TMPDIR/s.rec
	small_records "$R" 100
}

@test "recsplit: --help, --version, usage errors" {
	run -0 recsplit --help
	assert_line --index 0 "usage: recsplit [-s seed | --numpy-seed N] [-t fraction] -o train -O test [file ...]"
	run -0 recsplit --version
	run -2 recsplit "$R"
	run -2 --separate-stderr recsplit -t 1.5 -o a -O b "$R"
	assert_equal "$stderr" "recsplit: -t: '1.5': out of range (0 to 1)"
	run -2 --separate-stderr recsplit -o a -O a "$R"
	assert_equal "$stderr" "recsplit: -o and -O name the same file"
}

@test "recsplit: 80/20, a permutation of the input, seeded" {
	t=$BATS_TEST_TMPDIR
	recsplit -s 7 -o "$t/a" -O "$t/b" "$R"
	assert_equal "$(wc -c < "$t/a")" $((80 * 1024))
	assert_equal "$(wc -c < "$t/b")" $((20 * 1024))
	# together they hold exactly the input records
	sorted() { rec2csv -H "$@" | sort; }
	assert_equal "$(sorted "$t/a" "$t/b")" "$(sorted "$R")"
	# same seed, same split; another seed, another one
	recsplit -s 7 -o "$t/a2" -O "$t/b2" < "$R"
	cmp "$t/a" "$t/a2"
	cmp "$t/b" "$t/b2"
	recsplit -s 8 -o "$t/a3" -O "$t/b3" "$R"
	run -1 cmp -s "$t/b" "$t/b3"
	# not the identity order
	run -1 cmp -s "$t/a" <(head -c $((80 * 1024)) "$R")
}

@test "recsplit: several inputs are pooled; -t rounds the test part up" {
	t=$BATS_TEST_TMPDIR
	recsplit -t 0.25 -o "$t/a" -O "$t/b" "$R" "$R" - < "$R"
	assert_equal "$(wc -c < "$t/b")" $((75 * 1024))
	recsplit -t 0.001 -o "$t/a" -O "$t/b" "$R"
	assert_equal "$(wc -c < "$t/b")" 1024
}

@test "recsplit: bad input leaves no output files" {
	t=$BATS_TEST_TMPDIR
	head -c 5000 "$R" > "$t/cut.rec"
	run -1 --separate-stderr recsplit -o "$t/a" -O "$t/b" "$t/cut.rec"
	assert_data_error recsplit
	assert_equal "$stderr" "recsplit: $t/cut.rec: record 5: truncated (904 of 1024 bytes)"
	[ ! -e "$t/a" ] && [ ! -e "$t/b" ]
	run -1 --separate-stderr recsplit -o "$t/a" -O "$t/b" < /dev/null
	assert_equal "$stderr" "recsplit: stdin: no records"
	run -1 --separate-stderr recsplit -o /dev/full/x -O "$t/b" "$R"
	assert_equal "$stderr" "recsplit: /dev/full/x: Not a directory"
	assert_equal "$(ls -A "$t" | grep -v separate-stderr | tr "\n" " ")" "cut.rec s.rec "
}
