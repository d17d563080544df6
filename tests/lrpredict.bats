#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

setup() {
	M=$BATS_TEST_TMPDIR/bias.model
	bias_model "$M"
	R=$BATS_TEST_TMPDIR/s.rec
	small_records "$R" 5
}

@test "lrpredict: --help, --version, usage errors" {
	run -0 lrpredict --help
	assert_line --index 0 "usage: lrpredict -m model [-p] [-t threshold] [-g threshold] [-j threads] [file ...]"
	run -0 lrpredict --version
	assert_output --regexp '^lrpredict \(digitpipe\) '
	run -2 --separate-stderr lrpredict "$R"
	assert_equal "$stderr" "lrpredict: -m model is required
usage: lrpredict -m model [-p] [-t threshold] [-g threshold] [-j threads] [file ...]"
	run -2 lrpredict -m "$M" -x
}

@test "lrpredict: one TSV line per record, exact columns" {
	run -0 lrpredict -m "$M" "$R"
	assert_output "$(printf '1\t7\t3\t0.231969\n2\t2\t3\t0.231969\n3\t1\t3\t0.231969\n4\t0\t3\t0.231969\n5\t4\t3\t0.231969')"
}

@test "lrpredict: -p appends the ten probabilities; unknown labels print -" {
	run -0 sh -c "idx2raw -n 1 '$TEST_IMG' | lrpredict -p -m '$M'"
	assert_output "$(printf '1\t-\t3\t0.231969\t0.085337\t0.085337\t0.085337\t0.231969\t0.085337\t0.085337\t0.085337\t0.085337\t0.085337\t0.085337')"
}

@test "lrpredict: stdin, - and a file agree; numbering runs across files" {
	a=$(lrpredict -m "$M" "$R")
	b=$(lrpredict -m "$M" < "$R")
	c=$(lrpredict -m "$M" - < "$R")
	assert_equal "$a" "$b"
	assert_equal "$a" "$c"
	run -0 sh -c "lrpredict -m '$M' '$R' '$R' | cut -f1 | tr '\n' ' '"
	assert_output "1 2 3 4 5 6 7 8 9 10 "
}

@test "lrpredict: bad models are refused before any output" {
	t=$BATS_TEST_TMPDIR
	head -n 9 "$M" > "$t/short.model"
	run -1 --separate-stderr lrpredict -m "$t/short.model" "$R"
	assert_data_error lrpredict
	assert_equal "$stderr" "lrpredict: $t/short.model: line 10: unexpected end of file: 2 of 10 classes"
	sed '8s/^0 /nan /' "$M" > "$t/nan.model"
	run -1 --separate-stderr lrpredict -m "$t/nan.model" "$R"
	assert_data_error lrpredict
	assert_equal "$stderr" "lrpredict: $t/nan.model: line 8: class 0, weight 0: not a finite number"
	sed '9s/ 0$//' "$M" > "$t/few.model"
	run -1 --separate-stderr lrpredict -m "$t/few.model" "$R"
	assert_equal "$stderr" "lrpredict: $t/few.model: line 9: class 1 has 784 weights, expected 785"
	sed '1s/1$/4/' "$M" > "$t/v2.model"
	run -1 --separate-stderr lrpredict -m "$t/v2.model" "$R"
	assert_equal "$stderr" "lrpredict: $t/v2.model: line 1: unsupported model format '4' (this program reads formats 1 to 3)"
	# Format 3 promises a not-a-digit section after the weights.
	sed '1s/1$/3/' "$M" > "$t/v3.model"
	run -1 --separate-stderr lrpredict -m "$t/v3.model" "$R"
	assert_equal "$stderr" "lrpredict: $t/v3.model: line 18: unexpected end of file (no not-a-digit section)"
	sed 's/^width 28/width 32/' "$M" > "$t/w.model"
	run -1 --separate-stderr lrpredict -m "$t/w.model" "$R"
	assert_equal "$stderr" "lrpredict: $t/w.model: line 7: model is for 10 classes of 32x28 pixels; digitpipe records have 10 classes of 28x28"
	{ cat "$M"; echo 1 2 3; } > "$t/extra.model"
	run -1 --separate-stderr lrpredict -m "$t/extra.model" "$R"
	assert_equal "$stderr" "lrpredict: $t/extra.model: line 18: trailing data after 10 classes of weights"
	run -1 --separate-stderr lrpredict -m "$R" "$R"
	assert_equal "$stderr" "lrpredict: $R: not a digitpipe model (a digitpipe record stream)"
	run -1 --separate-stderr lrpredict -m "$t/none" "$R"
	assert_equal "$stderr" "lrpredict: $t/none: No such file or directory"
}

@test "lrpredict: a stream cut mid-record or misaligned is refused" {
	t=$BATS_TEST_TMPDIR
	head -c 3000 "$R" > "$t/cut.rec"
	run -1 --separate-stderr lrpredict -m "$M" "$t/cut.rec"
	assert_equal "$(echo "$output" | wc -l)" 2
	assert_equal "$stderr" "lrpredict: $t/cut.rec: record 3: truncated (952 of 1024 bytes)"
	tail -c +2 "$R" > "$t/mis.rec"
	run -1 --separate-stderr lrpredict -m "$M" "$t/mis.rec"
	assert_data_error lrpredict
	assert_equal "$stderr" "lrpredict: $t/mis.rec: record 1: bad magic (not a digitpipe record, or the stream is misaligned)"
	run -1 --separate-stderr lrpredict -m "$M" "$TEST_IMG"
	assert_data_error lrpredict
	assert_equal "$stderr" "lrpredict: $TEST_IMG: not a record stream (it looks like an IDX file)"
	run -1 --separate-stderr sh -c "printf '\211PNG\r\n\032\nxxxx' | lrpredict -m '$M'"
	assert_equal "$stderr" "lrpredict: stdin: not a record stream (it looks like a PNG picture)"
}

@test "lrpredict: names are printed, with tabs escaped" {
	idx2raw -n 1 "$TEST_IMG" | rec2csv | sed '2s/,$/,my digit.png/' | rec2csv -r > "$BATS_TEST_TMPDIR/n.rec"
	idx2raw -n 1 "$TEST_IMG" | rec2csv | sed '2s/,$/,a\tb\\\\c.png/' | rec2csv -r >> "$BATS_TEST_TMPDIR/n.rec"
	run -0 lrpredict -m "$M" "$BATS_TEST_TMPDIR/n.rec"
	assert_output "$(printf 'my digit.png\t-\t3\t0.231969\na\\tb\\\\\\\\c.png\t-\t3\t0.231969')"
}

@test "lrpredict: /dev/full fails, | head is quiet" {
	run -1 --separate-stderr sh -c "lrpredict -m '$M' '$R' > /dev/full"
	assert_equal "$stderr" "lrpredict: stdout: No space left on device"
	idx2raw -n 3000 "$TEST_IMG" > "$BATS_TEST_TMPDIR/big.rec"
	run -0 --separate-stderr sh -c "lrpredict -m '$M' '$BATS_TEST_TMPDIR/big.rec' | head -n 1"
	assert_output "$(printf '1\t-\t3\t0.231969')"
	assert_equal "$stderr" ""
}
