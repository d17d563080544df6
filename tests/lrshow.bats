#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

# A model whose only weight is +1 at pixel (row 14, column 14) of class 3.
one_weight_model() {
	{
		printf 'digitpipe-model 1\nclasses 10\nwidth 28\nheight 28\nscale 0.0039215686274509803\nweights\n'
		for k in 0 1 2 3 4 5 6 7 8 9; do
			awk -v k=$k 'BEGIN { for (i = 0; i < 784; i++) printf "%s ", (k == 3 && i == 14 * 28 + 14) ? 1 : 0; print 0 }'
		done
	} > "$1"
}

@test "lrshow: --help, --version, usage errors" {
	run -0 lrshow --help
	assert_line --index 0 "usage: lrshow -m model [-o picture]"
	run -0 lrshow --version
	assert_output --regexp '^lrshow \(digitpipe\) '
	run -2 --separate-stderr lrshow -o x.png
	assert_equal "${stderr%%$'\n'*}" "lrshow: -m model is required"
	run -2 lrshow -m m extra
	run -2 lrshow --bogus
}

@test "lrshow: a bad model is one line, exit 1, no picture" {
	printf 'digitpipe-model 2\n' > "$BATS_TEST_TMPDIR/bad"
	run -1 --separate-stderr lrshow -m "$BATS_TEST_TMPDIR/bad" -o "$BATS_TEST_TMPDIR/w.png"
	assert_data_error lrshow
	[ ! -e "$BATS_TEST_TMPDIR/w.png" ]
}

@test "lrshow: the one weight is red in template 3, everything else neutral" {
	one_weight_model "$BATS_TEST_TMPDIR/m"
	run -0 lrshow -m "$BATS_TEST_TMPDIR/m" -o "$BATS_TEST_TMPDIR/w.png"
	assert_output ""
	run -0 pngpix "$BATS_TEST_TMPDIR/w.png"
	assert_output "1068 500"
	# template k at x = 18 + (k % 5) * 186, y = 74 + (k / 5) * 210;
	# 6 screen pixels per model pixel
	run -0 pngpix "$BATS_TEST_TMPDIR/w.png" $((18 + 3 * 186 + 14 * 6 + 2)) $((74 + 14 * 6 + 2))
	assert_output 67001f
	run -0 pngpix "$BATS_TEST_TMPDIR/w.png" $((18 + 2 * 186 + 14 * 6 + 2)) $((74 + 14 * 6 + 2))
	assert_output f7f7f7
	# exactly one model pixel (6 x 6) is dark red
	run -0 pngpix "$BATS_TEST_TMPDIR/w.png" count 67001f
	assert_output 36
}

@test "lrshow: the same model always gives the same picture; - is stdout" {
	bias_model "$BATS_TEST_TMPDIR/m"
	lrshow -m "$BATS_TEST_TMPDIR/m" -o "$BATS_TEST_TMPDIR/a.png"
	lrshow -m - < "$BATS_TEST_TMPDIR/m" > "$BATS_TEST_TMPDIR/b.png"
	cmp "$BATS_TEST_TMPDIR/a.png" "$BATS_TEST_TMPDIR/b.png"
}

@test "lrshow: a trained model: 0's template is red where zeros have their ring" {
	small_records "$BATS_TEST_TMPDIR/r" 2000
	lrtrain -q -C 0.01 -o "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR/r"
	lrshow -m "$BATS_TEST_TMPDIR/m" -o "$BATS_TEST_TMPDIR/w.png"
	# the centre of a 0 is empty: ink there speaks against it (blue),
	# the centre of a 1 is full: ink there speaks for it (red)
	local c0 c1
	c0=$(pngpix "$BATS_TEST_TMPDIR/w.png" $((18 + 14 * 6 + 2)) $((74 + 14 * 6 + 2)))
	c1=$(pngpix "$BATS_TEST_TMPDIR/w.png" $((18 + 186 + 14 * 6 + 2)) $((74 + 14 * 6 + 2)))
	# blue: blue channel above red; red: red above blue
	[ $((16#${c0:4:2})) -gt $((16#${c0:0:2})) ] || { echo "0 centre $c0" >&2; return 1; }
	[ $((16#${c1:0:2})) -gt $((16#${c1:4:2})) ] || { echo "1 centre $c1" >&2; return 1; }
}

@test "lrshow: > /dev/full fails" {
	bias_model "$BATS_TEST_TMPDIR/m"
	run -1 --separate-stderr lrshow -m "$BATS_TEST_TMPDIR/m" -o /dev/full
	run -1 --separate-stderr sh -c 'lrshow -m "$1" > /dev/full' sh "$BATS_TEST_TMPDIR/m"
	assert_equal "$stderr" "lrshow: stdout: No space left on device"
}
