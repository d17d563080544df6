#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The tools together, on small slices of MNIST.
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	D=$BATS_FILE_TMPDIR
	idx2raw -n 3000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm > "$D/train.rec"
	idx2raw -n 1000 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$D/test.rec"
	lrtrain -q -o "$D/small.model" "$D/train.rec"
}

@test "pipeline: train on 3000, test on 1000: accuracy >= 0.85" {
	D=$BATS_FILE_TMPDIR
	run -0 sh -c "lrpredict -m '$D/small.model' '$D/test.rec' | confmat"
	acc=$(echo "$output" | awk '/^accuracy/ { print $2; exit }')
	echo "accuracy $acc"
	awk -v a="$acc" 'BEGIN { exit !(a >= 0.85) }'
	assert_line --regexp '^weighted avg +0\.[89][0-9] +0\.[89][0-9] +0\.[89][0-9] +1000$'
}

@test "pipeline: every stage in one pipe equals the stages through files" {
	D=$BATS_FILE_TMPDIR
	idx2raw -n 3000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q > "$BATS_TEST_TMPDIR/piped.model"
	cmp "$D/small.model" "$BATS_TEST_TMPDIR/piped.model"
	a=$(idx2raw -n 1000 "$TEST_IMG" "$TEST_LBL" | imgnorm | lrpredict -m "$D/small.model" | confmat)
	b=$(lrpredict -m "$D/small.model" "$D/test.rec" | confmat)
	assert_equal "$a" "$b"
}

@test "pipeline: records split with split -b and rejoined predict the same" {
	D=$BATS_FILE_TMPDIR
	cd "$BATS_TEST_TMPDIR"
	split -b $((100 * 1024)) "$D/test.rec" part.
	assert_equal "$(ls part.* | wc -l)" 10
	a=$(lrpredict -m "$D/small.model" "$D/test.rec" | cut -f2-)
	b=$(cat part.* | lrpredict -m "$D/small.model" | cut -f2-)
	assert_equal "$a" "$b"
	# and through GNU parallel --pipe, in order (-k), keeping records whole
	command -v parallel >/dev/null || skip_or_fail "GNU parallel not installed"
	c=$(parallel --pipe --recend '' -k --block $((64 * 1024)) lrpredict -m "$D/small.model" < "$D/test.rec" | cut -f2-)
	assert_equal "$a" "$c"
}

@test "pipeline: the text form carries the same data through awk" {
	D=$BATS_FILE_TMPDIR
	a=$(lrpredict -m "$D/small.model" "$D/test.rec")
	b=$(rec2csv "$D/test.rec" | awk '{ print }' | rec2csv -r | lrpredict -m "$D/small.model")
	assert_equal "$a" "$b"
}

@test "pipeline: a failing stage makes the pipeline fail (pipefail), with its message" {
	D=$BATS_FILE_TMPDIR
	head -c 5000 "$D/test.rec" > "$BATS_TEST_TMPDIR/cut.rec"
	run -1 --separate-stderr bash -o pipefail -c "imgnorm < '$BATS_TEST_TMPDIR/cut.rec' | lrpredict -m '$D/small.model' | confmat"
	[[ "$stderr" == *"imgnorm: stdin: record 5: truncated (904 of 1024 bytes)"* ]]
}
