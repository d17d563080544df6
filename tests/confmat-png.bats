#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# confmat --png: the heatmap picture, checked pixel by pixel where it
# matters; the text report stays what it was.
bats_require_minimum_version 1.5.0
load helper

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

setup() {
	P=$BATS_TEST_TMPDIR/p.tsv
	# As in confmat.bats: a 1 taken for a 7 and a 3 for an 8.
	printf 'a\t0\t0\t0.9\nb\t1\t1\t0.8\nc\t1\t7\t0.6\nd\t3\t3\t0.7\ne\t3\t8\t0.5\nf\t7\t7\t0.9\ng\t8\t8\t0.9\nh\t9\t9\t0.9\ni\t9\t9\t0.9\nj\t0\t0\t0.9\nk\t-\t4\t0.9\n' > "$P"
}

# Top-left inside of cell (t, p) of the left (counts) or right panel.
cell() { echo $(( $1 + 70 + $3 * 56 + 4 )) $(( 84 + $2 * 56 + 4 )); }

@test "confmat --png: the text report is unchanged, the picture is a PNG of the documented size" {
	run -0 confmat "$P"
	local text=$output
	run -0 confmat --png "$BATS_TEST_TMPDIR/h.png" "$P"
	assert_equal "$output" "$text"
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png"
	assert_output "1500 724"
}

@test "confmat --png: cells are coloured by count, mistakes red on the right" {
	confmat --png "$BATS_TEST_TMPDIR/h.png" "$P" > /dev/null
	# counts: the largest (2: 0 as 0) is the darkest blue, 0 the lightest
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png" $(cell 0 0 0)
	assert_output 08306b
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png" $(cell 0 2 2)
	assert_output f7fbff
	# right panel (from x = 760): the 1s split 50/50 between 1 and 7:
	# the largest mistake, darkest red; the right answers blue
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png" $(cell 760 1 7)
	assert_output 67000d
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png" $(cell 760 0 0)
	assert_output 08306b
	# a cell with no digits stays white-ish
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png" $(cell 760 5 4)
	assert_output fff5f0
}

@test "confmat --png -: the picture alone on stdout" {
	confmat --png - "$P" > "$BATS_TEST_TMPDIR/h.png"
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png"
	assert_output "1500 724"
}

@test "confmat --png: an unwritable picture fails with one line and no report" {
	run -1 --separate-stderr confmat --png "$BATS_TEST_TMPDIR/no/such/h.png" "$P"
	assert_output ""
	assert_equal "$stderr" "confmat: $BATS_TEST_TMPDIR/no/such/h.png: No such file or directory"
	run -2 confmat --png
}

@test "confmat --png: a real heatmap of 1000 test digits" {
	local m=$BATS_TEST_TMPDIR/m
	bias_model "$m"
	small_records "$BATS_TEST_TMPDIR/r" 1000
	lrpredict -m "$m" "$BATS_TEST_TMPDIR/r" | confmat --png "$BATS_TEST_TMPDIR/h.png" | head -n 1 > "$BATS_TEST_TMPDIR/acc"
	# everything predicted 3: the column of 3s is dark, the 3 on the
	# diagonal the darkest of the right panel
	run -0 cat "$BATS_TEST_TMPDIR/acc"
	assert_output --regexp '^accuracy 0\.[0-9]+ \([0-9]+/1000\)$'
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png" $(cell 760 3 3)
	assert_output 08306b
	run -0 pngpix "$BATS_TEST_TMPDIR/h.png" $(cell 760 0 0)
	assert_output f7fbff
}
