#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The short ways agree with the long ones: plain imgnorm's way around the
# segmenter (plainly_one) with the segmenter on every committed
# picture (tests/prog/shortcut.c); the ink map of bytes with the doubles
# it stands for (tests/prog/inkbytes.c); pngio.c's grey of colour PNGs
# with libpng's (tests/prog/pngrgb.c).
bats_require_minimum_version 1.5.0

load helper

@test "shortcut: plainly one mark means the segmenter finds one digit-like mark" {
	cd "$TOP"
	run -0 "$DP_TEST/shortcut" tests/testset/*.* tests/testset/*/*.* \
	    tests/numbers/*.* tests/numbers/big/* tests/notdigit/*.* \
	    tests/fixtures/web/* tests/inkphotos/*.jpg
	assert_output --regexp '^[0-9]+ pictures, [0-9]+ plainly one, 0 disagree$'
	# Most single digits take the short way; numbers never do.
	n=$(echo "$output" | awk '{ print $3 }')
	[ "$n" -ge 400 ]
	run -0 "$DP_TEST/shortcut" tests/numbers/n0[0-4]*.*
	assert_output --regexp ' 0 plainly one, 0 disagree$'
}

@test "ink map of bytes: the same values, verdicts and records as the doubles it stands for" {
	cd "$TOP"
	# Every committed grey picture, read as it is and with an opaque
	# alpha added (which takes the doubles from the start).
	run -0 "$DP_TEST/inkbytes" tests/testset/*.* tests/testset/*/*.* \
	    tests/numbers/*.* tests/numbers/big/* tests/notdigit/*.* \
	    tests/fixtures/web/* tests/inkphotos/*.jpg
	assert_output --regexp '^[0-9]+ pictures, [0-9]+ as bytes, 0 differ$'
	# Most pictures are read as bytes.
	n=$(echo "$output" | awk '{ print $3 }')
	[ "$n" -ge 400 ]
}

@test "colour PNGs: pngio's own grey is libpng's rgb_to_gray, byte for byte" {
	run -0 "$DP_TEST/pngrgb"
	assert_output '9 pictures, 0 differ'
}
