#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Accuracy floors on the full MNIST data, with default options.
bats_require_minimum_version 1.5.0
load helper

accuracy() { awk '/^accuracy/ { print $2; exit }'; }

@test "full: standard split (60k/10k), defaults: t10k accuracy >= 0.955" {
	D=$BATS_TEST_TMPDIR
	idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q -o "$D/m"
	acc=$(idx2raw "$TEST_IMG" "$TEST_LBL" | imgnorm | lrpredict -m "$D/m" | confmat | accuracy)
	echo "t10k accuracy $acc"
	awk -v a="$acc" 'BEGIN { exit !(a >= 0.955) }'
}

@test "full: the original 80/20 split of all 70k, seeded: accuracy >= 0.920" {
	D=$BATS_TEST_TMPDIR
	{ idx2raw "$TRAIN_IMG" "$TRAIN_LBL"; idx2raw "$TEST_IMG" "$TEST_LBL"; } |
		imgnorm | recsplit -s 42 -o "$D/tr" -O "$D/te"
	assert_equal "$(wc -c < "$D/te")" $((14000 * 1024))
	lrtrain -q -o "$D/m" "$D/tr"
	acc=$(lrpredict -m "$D/m" "$D/te" | confmat | accuracy)
	echo "80/20 accuracy $acc"
	awk -v a="$acc" 'BEGIN { exit !(a >= 0.920) }'
}

@test "full: same seed and input give a byte-identical model; a pipe equals a file" {
	D=$BATS_TEST_TMPDIR
	idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm > "$D/train.rec"
	lrtrain -q -s 7 -o "$D/a" "$D/train.rec"
	cat "$D/train.rec" | lrtrain -q -s 7 -o "$D/b"
	cmp "$D/a" "$D/b"
}

@test "full: standard split, raw pixels (no imgnorm), defaults: t10k accuracy >= 0.925" {
	D=$BATS_TEST_TMPDIR
	idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | lrtrain -q -o "$D/m"
	acc=$(idx2raw "$TEST_IMG" "$TEST_LBL" | lrpredict -m "$D/m" | confmat | accuracy)
	echo "t10k accuracy $acc (scikit-learn's at its optimum: 0.9256)"
	awk -v a="$acc" 'BEGIN { exit !(a >= 0.925) }'
}
