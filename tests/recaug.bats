#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# recaug: N perturbed copies after each record, labels and names kept,
# seeded and deterministic, the identity when every range is 0, and the
# usual errors.
bats_require_minimum_version 1.5.0
load helper

setup() {
	T=$BATS_TEST_TMPDIR
	R=$T/s.rec
	small_records "$R" 20
}

# nrec FILE: the number of records in FILE.
nrec() {
	echo $(($(wc -c < "$1") / 1024))
}

# rec FILE I: record I (from 0) of FILE, as hex.
rec() {
	tail -c +$(($2 * 1024 + 1)) "$1" | head -c 1024 | od -An -v -tx1
}

@test "recaug: --help, --version and usage errors" {
	run -0 recaug --help
	assert_line --index 0 "usage: recaug [options] [file ...]"
	assert_output --partial "--thicken P"
	run -0 recaug --version
	assert_output --regexp '^recaug \(digitpipe\) [0-9.]+$'
	run -2 --separate-stderr recaug --bogus "$R"
	[[ "$stderr" == *"usage: recaug "* ]]
	[ -z "$output" ]
	run -2 --separate-stderr recaug -n -1 "$R"
	assert_equal "$stderr" "recaug: -n: '-1': out of range (0 to 1000)"
	run -2 --separate-stderr recaug --rotate 91 "$R"
	assert_equal "$stderr" "recaug: --rotate: '91': out of range (0 to 90)"
	run -2 --separate-stderr recaug --thicken 1.5 "$R"
	assert_equal "$stderr" "recaug: --thicken: '1.5': out of range (0 to 1)"
	run -2 --separate-stderr recaug -s x "$R"
	[ -z "$output" ]
	[[ "$stderr" == "recaug: -s: 'x': "* ]]
}

@test "recaug: (N+1) records per input, the original first, labels and names kept" {
	recaug -n 3 "$R" > "$T/a.rec"
	[ "$(nrec "$T/a.rec")" -eq 80 ]
	for i in 0 7 19; do
		assert_equal "$(rec "$T/a.rec" $((i * 4)))" "$(rec "$R" $i)"
		# the copies differ from the original
		[ "$(rec "$T/a.rec" $((i * 4 + 1)))" != "$(rec "$R" $i)" ]
	done
	# labels, 4 times each, in order
	assert_equal "$(rec2csv -H "$T/a.rec" | cut -d, -f1 | tr '\n' ' ')" \
	    "$(rec2csv -H "$R" | cut -d, -f1 | awk '{ for (i = 0; i < 4; i++) printf "%s ", $1 }')"
	# names (here, pictures' paths) too
	f=$(ls "$TOP"/tests/testset/*-clean-*.png | head -n 2)
	imgnorm $f | recaug -n 2 | rec2csv -H | awk -F, '{ print $NF }' > "$T/names"
	assert_equal "$(cat "$T/names")" "$(for x in $f; do printf '%s\n%s\n%s\n' "$x" "$x" "$x"; done)"
	# -n 0 is cat; the default is 2 copies; stdin, - and a file agree
	recaug -n 0 < "$R" | cmp - "$R"
	[ "$(recaug < "$R" | wc -c)" -eq $((60 * 1024)) ]
	recaug < "$R" > "$T/b.rec"
	recaug - < "$R" | cmp - "$T/b.rec"
	recaug "$R" | cmp - "$T/b.rec"
}

@test "recaug: the same seed gives the same bytes, another seed others" {
	recaug -s 7 -n 2 "$R" > "$T/a.rec"
	recaug -s 7 -n 2 < "$R" | cmp - "$T/a.rec"
	recaug -s 8 -n 2 "$R" > "$T/b.rec"
	run -1 cmp -s "$T/a.rec" "$T/b.rec"
	# the default seed is 1
	recaug -s 1 "$R" | cmp - <(recaug "$R")
	# the originals are the same whatever the seed
	assert_equal "$(rec "$T/a.rec" 3)" "$(rec "$T/b.rec" 3)"
}

@test "recaug: with every range 0 the copies are the input" {
	recaug -n 2 --rotate 0 --shift 0 --scale 0 --thicken 0 "$R" > "$T/a.rec"
	for i in 0 1 2 30 59; do
		assert_equal "$(rec "$T/a.rec" $i)" "$(rec "$R" $((i / 3)))"
	done
	# --thicken 1 alone: half the copies thicker; the other half thinner
	# only where that keeps half the ink (MNIST's thin strokes mostly not)
	recaug -n 1 --rotate 0 --shift 0 --scale 0 --thicken 1 "$R" > "$T/t.rec"
	d=0
	for i in $(seq 0 19); do
		[ "$(rec "$T/t.rec" $((2 * i + 1)))" = "$(rec "$R" $i)" ] || d=$((d + 1))
	done
	echo "$d of 20 changed"
	[ "$d" -ge 5 ] && [ "$d" -le 15 ]
}

@test "recaug: the copies still look like their digits" {
	idx2raw -n 3000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q -o "$T/m.model"
	idx2raw -n 500 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$T/t.rec"
	# accuracy on originals and on copies (every other record)
	lrpredict -m "$T/m.model" "$T/t.rec" | awk -F'\t' '$2 == $3 { c++ } END { print c }' > "$T/orig"
	recaug -n 1 --shift 0 "$T/t.rec" | lrpredict -m "$T/m.model" |
	    awk -F'\t' 'NR % 2 == 0 && $2 == $3 { c++ } END { print c }' > "$T/copy"
	echo "originals $(cat "$T/orig") of 500, copies $(cat "$T/copy") of 500"
	[ "$(cat "$T/copy")" -ge $(($(cat "$T/orig") - 60)) ]
}

@test "recaug: malformed input is refused" {
	head -c 3000 "$R" > "$T/cut.rec"
	run -1 --separate-stderr recaug -n 1 "$T/cut.rec"
	assert_equal "$stderr" "recaug: $T/cut.rec: record 3: truncated (952 of 1024 bytes)"
	tail -c +2 "$R" > "$T/mis.rec"
	run -1 --separate-stderr recaug "$T/mis.rec"
	assert_data_error recaug
	assert_equal "$stderr" "recaug: $T/mis.rec: record 1: bad magic (not a digitpipe record, or the stream is misaligned)"
	run -1 --separate-stderr recaug "$TEST_IMG"
	assert_data_error recaug
	assert_equal "$stderr" "recaug: $TEST_IMG: not a record stream (it looks like an IDX file)"
	run -1 --separate-stderr recaug "$T/nonexistent"
	assert_equal "$stderr" "recaug: $T/nonexistent: No such file or directory"
}

@test "recaug: /dev/full fails, | head is quiet" {
	run -1 --separate-stderr sh -c "recaug '$R' > /dev/full"
	assert_equal "$stderr" "recaug: stdout: No space left on device"
	idx2raw -n 2000 "$TEST_IMG" > "$T/big.rec"
	run -0 --separate-stderr sh -c "recaug '$T/big.rec' | head -c 1024 | wc -c"
	assert_output 1024
	assert_equal "$stderr" ""
}
