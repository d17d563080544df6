#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

setup() {
	R=$BATS_TEST_TMPDIR/s.rec
	small_records "$R" 20
}

@test "rec2csv: --help, --version, usage errors" {
	run -0 rec2csv --help
	assert_line --index 0 "usage: rec2csv [-r] [-H] [file ...]"
	run -0 rec2csv --version
	run -2 rec2csv -z
}

@test "rec2csv: header and one line per record, Kaggle's columns first" {
	run -0 rec2csv "$R"
	assert_equal "${#lines[@]}" 21
	assert_equal "$(echo "${lines[0]}" | cut -d, -f1-3)" "label,pixel0,pixel1"
	assert_equal "$(echo "${lines[0]}" | awk -F, '{ print NF, $785, $786 }')" "786 pixel783 name"
	# the first test digit is a 7; pixel 202 (row 7, column 6) is ink
	assert_equal "$(echo "${lines[1]}" | cut -d, -f1)" 7
	assert_equal "$(echo "${lines[1]}" | cut -d, -f204)" "$(tail -c +$((17 + 202)) "$TEST_IMG" | head -c 1 | od -An -tu1 | tr -d ' ')"
	run -0 rec2csv -H "$R"
	assert_equal "${#lines[@]}" 20
}

@test "rec2csv: records -> CSV -> records is lossless, names and unknown labels too" {
	t=$BATS_TEST_TMPDIR
	idx2raw -n 3 "$TEST_IMG" > "$t/u.rec"
	rec2csv "$R" "$t/u.rec" | sed '3s/,$/,"a, ""quoted"" name.png"/; 4s/,$/,plain.png/' > "$t/x.csv"
	rec2csv -r "$t/x.csv" > "$t/x.rec"
	rec2csv "$t/x.rec" > "$t/y.csv"
	cmp "$t/x.csv" "$t/y.csv"
	assert_equal "$(wc -c < "$t/x.rec")" $((23 * 1024))
	rec2csv "$R" "$t/u.rec" | rec2csv -r | cmp - <(cat "$R" "$t/u.rec")
	assert_equal "$(sed -n 23p "$t/x.csv" | cut -c1)" ","
}

@test "rec2csv -r: Kaggle's train.csv and test.csv layouts" {
	t=$BATS_TEST_TMPDIR
	rec2csv "$R" | sed 's/,[^,]*$//' > "$t/train.csv"	# no name column
	rec2csv -r "$t/train.csv" | cmp - "$R"
	rec2csv "$R" | sed 's/,[^,]*$//; s/^[^,]*,//' > "$t/test.csv"	# no label either
	rec2csv -r "$t/test.csv" > "$t/test.rec"
	# records without labels that lrpredict reads: a model that always
	# says 3 gives one line per row, numbered, with no label
	bias_model "$t/b.model"
	run -0 --separate-stderr lrpredict -m "$t/b.model" "$t/test.rec"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(seq "$(($(wc -l < "$t/test.csv") - 1))" | sed 's/$/\t-\t3\t0.231969/')"
	# the pixels are those of the records the CSV came from
	cmp <(rec2csv "$t/test.rec" | sed 1d | cut -d, -f2-785) <(rec2csv "$R" | sed 1d | cut -d, -f2-785)
	assert_equal "$(od -An -tu1 -j4 -N1 "$t/test.rec" | tr -d ' ')" 255
}

@test "rec2csv -r: malformed CSV is refused with the line number" {
	t=$BATS_TEST_TMPDIR
	rec2csv "$R" > "$t/ok.csv"
	printf 'a,b,c\n1,2,3\n' > "$t/hdr.csv"
	run -1 --separate-stderr rec2csv -r "$t/hdr.csv"
	assert_data_error rec2csv
	assert_equal "$stderr" "rec2csv: $t/hdr.csv: line 1: not digitpipe CSV (the header must be label,pixel0,...,pixel783[,name] or pixel0,...,pixel783)"
	sed '3s/^7,0,0,0/7,0,300,0/; 3s/^2,0,0,0/2,0,300,0/' "$t/ok.csv" > "$t/big.csv"
	run -1 --separate-stderr rec2csv -r "$t/big.csv"
	assert_equal "$stderr" "rec2csv: $t/big.csv: line 3: pixel1 is not a whole number from 0 to 255"
	sed '2s/^7,/x,/' "$t/ok.csv" > "$t/lab.csv"
	run -1 --separate-stderr rec2csv -r "$t/lab.csv"
	assert_data_error rec2csv
	assert_equal "$stderr" "rec2csv: $t/lab.csv: line 2: label is not a digit 0-9 or empty"
	sed '2s/,[^,]*,[^,]*$/,/' "$t/ok.csv" > "$t/few.csv"
	run -1 --separate-stderr rec2csv -r "$t/few.csv"
	assert_equal "$stderr" "rec2csv: $t/few.csv: line 2: 783 pixels, expected 784"
	run -1 --separate-stderr rec2csv -r "$R"
	assert_equal "$stderr" "rec2csv: $R: line 1: binary data (it looks like a digitpipe record stream)"
	run -1 --separate-stderr rec2csv -r < /dev/null
	assert_equal "$stderr" "rec2csv: stdin: empty input (no header line)"
}

@test "rec2csv: bad record streams, /dev/full, | head" {
	head -c 1500 "$R" > "$BATS_TEST_TMPDIR/cut.rec"
	run -1 --separate-stderr rec2csv "$BATS_TEST_TMPDIR/cut.rec"
	assert_equal "$stderr" "rec2csv: $BATS_TEST_TMPDIR/cut.rec: record 2: truncated (476 of 1024 bytes)"
	run -1 --separate-stderr sh -c "rec2csv '$R' > /dev/full"
	assert_equal "$stderr" "rec2csv: stdout: No space left on device"
	idx2raw "$TEST_IMG" > "$BATS_TEST_TMPDIR/all.rec"
	run -0 --separate-stderr sh -c "rec2csv '$BATS_TEST_TMPDIR/all.rec' | head -n 1 | cut -c1-12"
	assert_output "label,pixel0"
	assert_equal "$stderr" ""
}
