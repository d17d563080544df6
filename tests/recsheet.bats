#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

setup() {
	R=$BATS_TEST_TMPDIR/r
	small_records "$R" 20
	bias_model "$BATS_TEST_TMPDIR/m"
	# everything predicted 3: right only for the 3s
	lrpredict -m "$BATS_TEST_TMPDIR/m" "$R" > "$BATS_TEST_TMPDIR/p.tsv"
}

@test "recsheet: --help, --version, usage errors" {
	run -0 recsheet --help
	assert_line --index 0 "usage: recsheet [-aw] [-n count] [-c columns] [-z zoom] [-p predictions] [-o picture] [file ...]"
	run -0 recsheet --version
	run -2 --separate-stderr recsheet -n 0 -a "$R"
	assert_equal "$stderr" "recsheet: -n: '0': out of range (1 to 10000)"
	run -2 --separate-stderr recsheet -w -a "$R"
	assert_equal "${stderr%%$'\n'*}" "recsheet: --wrong needs -p predictions"
	run -2 recsheet -z 17 -a "$R"
	run -2 recsheet --bogus
}

@test "recsheet -a: the first test digit, a 7, as ASCII art" {
	run -0 recsheet -a -n 1 "$R"
	assert_equal "${#lines[@]}" 29
	assert_line --index 0 "# - (label 7)"
	# the bar of the 7 is near the top, record row 8; each line 56 characters
	assert_line --index 9 --regexp '@@@@'
	[ "${#lines[10]}" -eq 56 ]
	# same from stdin
	run -0 recsheet -a -n 1 < "$R"
	assert_line --index 0 "# - (label 7)"
}

@test "recsheet -a -p: the prediction line follows" {
	run -0 recsheet -a -n 2 -p "$BATS_TEST_TMPDIR/p.tsv" "$R"
	assert_line --index 29 "# predicted 3 (p = 0.231969): wrong"
}

@test "recsheet: a sheet of 20 records has the documented size and dark ink" {
	run -0 recsheet -o "$BATS_TEST_TMPDIR/s.png" "$R"
	assert_output ""
	# 10 columns of 3 x 28 = 84 pixels, 8 apart; caption 20 high
	run -0 pngpix "$BATS_TEST_TMPDIR/s.png"
	assert_output "928 232"
	# the ink of the first 7 (record row 8, column 10): dark
	run -0 pngpix "$BATS_TEST_TMPDIR/s.png" $((8 + 10 * 3 + 1)) $((8 + 8 * 3 + 1))
	[[ $output =~ ^[0-3] ]] || { echo "not dark: $output" >&2; return 1; }
	# a corner of the paper: white
	run -0 pngpix "$BATS_TEST_TMPDIR/s.png" 9 9
	assert_output ffffff
	run -0 recsheet -n 4 -c 2 -z 1 -o "$BATS_TEST_TMPDIR/s.png" "$R"
	run -0 pngpix "$BATS_TEST_TMPDIR/s.png"
	assert_output "80 106"
}

@test "recsheet --wrong: only the mistakes, captioned in red" {
	local wrong
	wrong=$(awk -F'\t' '$2 != $3' "$BATS_TEST_TMPDIR/p.tsv" | wc -l)
	[ "$wrong" -eq 19 ]
	run -0 recsheet -p "$BATS_TEST_TMPDIR/p.tsv" --wrong -c 20 -o "$BATS_TEST_TMPDIR/w.png" "$R"
	run -0 pngpix "$BATS_TEST_TMPDIR/w.png"
	assert_output "$((8 + 19 * 92)) 120"
	run -0 pngpix "$BATS_TEST_TMPDIR/w.png" count c01010
	[ "$output" -gt 100 ]
	# with all of them, the right one (the 3) is captioned in ink, not red
	run -0 recsheet -p "$BATS_TEST_TMPDIR/p.tsv" -o "$BATS_TEST_TMPDIR/a.png" "$R"
	run -0 pngpix "$BATS_TEST_TMPDIR/a.png" count 202020
	[ "$output" -gt 10 ]
}

@test "recsheet -p: predictions of other records are refused" {
	small_records "$BATS_TEST_TMPDIR/other" 30
	lrpredict -m "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR/other" | tail -n 5 > "$BATS_TEST_TMPDIR/q.tsv"
	run -1 --separate-stderr recsheet -a -p "$BATS_TEST_TMPDIR/q.tsv" "$R"
	assert_equal "$stderr" "recsheet: $BATS_TEST_TMPDIR/q.tsv: line 1: is about '26', but record 1 is '1' (predictions of other records?)"
	head -n 3 "$BATS_TEST_TMPDIR/p.tsv" > "$BATS_TEST_TMPDIR/q.tsv"
	run -1 --separate-stderr recsheet -o "$BATS_TEST_TMPDIR/x.png" -p "$BATS_TEST_TMPDIR/q.tsv" "$R"
	assert_equal "$stderr" "recsheet: $BATS_TEST_TMPDIR/q.tsv: 3 lines, but there are more records"
	[ ! -e "$BATS_TEST_TMPDIR/x.png" ]
}

@test "recsheet: bad input is one line, exit 1; > /dev/full fails" {
	printf 'garbage' > "$BATS_TEST_TMPDIR/g"
	run -1 --separate-stderr recsheet -o "$BATS_TEST_TMPDIR/x.png" "$BATS_TEST_TMPDIR/g"
	assert_data_error recsheet
	run -1 --separate-stderr sh -c 'recsheet "$1" > /dev/full' sh "$R"
	assert_equal "$stderr" "recsheet: stdout: No space left on device"
	run -0 sh -c 'recsheet -a "$1" | head -n 1' sh "$R"
	assert_output "# - (label 7)"
}
