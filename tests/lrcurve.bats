#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

setup() {
	L=$BATS_TEST_TMPDIR/log
	cat > "$L" <<'LOG'
lrtrain: epoch 1/3: loss 0.66082 train 0.8499 held-out 0.8800 0.01 s
some other line
lrtrain: epoch 2/3: loss 0.27617 train 0.9368 held-out 0.9300 0.02 s
lrtrain: epoch 3/3: loss 0.20886 train 0.9464 held-out 0.9400 0.02 s
lrtrain: 10000 records (9000 trained on): objective 1452.100658, max|grad| 6.81, train accuracy 0.9627, 0.079 s, peak RSS 11 MB
LOG
}

@test "lrcurve: --help, --version, usage errors" {
	run -0 lrcurve --help
	assert_line --index 0 "usage: lrcurve [-o picture] [file ...]"
	run -0 lrcurve --version
	run -2 lrcurve a b c d
	run -2 lrcurve --bogus
}

@test "lrcurve: a log becomes a two-panel picture with both accuracy lines" {
	run -0 lrcurve -o "$BATS_TEST_TMPDIR/c.png" "$L"
	assert_output ""
	run -0 pngpix "$BATS_TEST_TMPDIR/c.png"
	assert_output "1280 500"
	# the loss and training accuracy in blue, held-out in orange
	run -0 pngpix "$BATS_TEST_TMPDIR/c.png" count 1f77b4
	[ "$output" -gt 500 ]
	run -0 pngpix "$BATS_TEST_TMPDIR/c.png" count ff7f0e
	[ "$output" -gt 200 ]
	# the first loss point is at the left edge, at the top of its axis
	# (0.66 rounds the axis up to 0.7): x = 120, y = 60 + 339 * (1 - 0.66082 / 0.7)
	run -0 pngpix "$BATS_TEST_TMPDIR/c.png" 120 $((60 + 339 * (70000 - 66082) / 70000))
	assert_output 1f77b4
}

@test "lrcurve: without held-out values there is no orange; stdin works" {
	sed 's/ held-out [0-9.]*//' "$L" | lrcurve > "$BATS_TEST_TMPDIR/c.png"
	run -0 pngpix "$BATS_TEST_TMPDIR/c.png" count ff7f0e
	assert_output 0
}

@test "lrcurve: lrtrain -v output, straight from the pipe" {
	small_records "$BATS_TEST_TMPDIR/r" 1000
	d=$BATS_TEST_TMPDIR
	lrtrain -v --holdout 0.2 -e 5 -o "$d/m" "$d/r" 2>&1 | tee "$d/log" |
		lrcurve -o "$d/c.png"
	run -0 pngpix "$d/c.png"
	assert_output "1280 500"
	# the same picture as from the saved log, with both lines drawn
	lrcurve -o "$d/c2.png" "$d/log"
	cmp "$d/c.png" "$d/c2.png"
	run -0 pngpix "$d/c.png" count 1f77b4
	[ "$output" -gt 500 ]
	run -0 pngpix "$d/c.png" count ff7f0e
	[ "$output" -gt 200 ]
	# and the L-BFGS log, objective every 50 iterations (C = 100 takes
	# more than 100): another picture
	lrtrain -v -x -C 100 -e 300 -o "$d/m" "$d/r" 2>&1 | tee "$d/xlog" |
		lrcurve -o "$d/x.png"
	run -0 pngpix "$d/x.png"
	assert_output "1280 500"
	[ "$(grep -c "^lrtrain: iteration " "$d/xlog")" -ge 2 ]
	lrcurve -o "$d/x2.png" "$d/xlog"
	cmp "$d/x.png" "$d/x2.png"
	run -0 pngpix "$d/x.png" count 1f77b4
	[ "$output" -gt 500 ]
	run -1 cmp -s "$d/c.png" "$d/x.png"
}

@test "lrcurve: a log with no progress lines is an error" {
	printf 'hello\nlrtrain: 10 records: objective 1.5\n' > "$BATS_TEST_TMPDIR/l"
	run -1 --separate-stderr lrcurve -o "$BATS_TEST_TMPDIR/c.png" "$BATS_TEST_TMPDIR/l"
	assert_data_error lrcurve
	assert_equal "$stderr" "lrcurve: $BATS_TEST_TMPDIR/l: no progress lines (expected lrtrain -v output such as 'epoch 1/12: loss 0.66 train 0.85')"
	[ ! -e "$BATS_TEST_TMPDIR/c.png" ]
	run -1 --separate-stderr sh -c 'lrcurve "$1" > /dev/full' sh "$L"
	assert_equal "$stderr" "lrcurve: stdout: No space left on device"
}
