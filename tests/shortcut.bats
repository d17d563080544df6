#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The short ways agree with the long ones: plain imgnorm's way around the
# segmenter (plainly_one) with the segmenter on every committed
# picture (tests/prog/shortcut.c); the ink map of bytes with the doubles
# it stands for (tests/prog/inkbytes.c); the grey of colour PNGs
# with libpng's (tests/prog/pngrgb.c); pngplain.c's decoding with
# libpng's (tests/prog/pngplain.c); inflate.c's with zlib's
# (tests/prog/inflate.c); runs and counts of many bytes at a time with
# byte-by-byte ones (tests/prog/runs.c).
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

@test "runs and counts of bytes, many at a time: the byte-by-byte answers" {
	run -0 "$DP_TEST/runs"
	assert_output '640 planes, 0 differ'
}

@test "colour PNGs: our own grey is libpng's rgb_to_gray, byte for byte" {
	run -0 "$DP_TEST/pngrgb"
	assert_output '12 pictures, 0 differ'
}

@test "plain PNGs: pngplain's bytes are libpng's, made, put together and committed" {
	cd "$TOP"
	# 1,600 made (4 colour types x 5 filters x 40 widths x 2 alphas, and 4
	# over 4 MiB)
	# must be plain; 33 put together, plain or not as each says; then
	# every committed PNG (and the fuzzers' seeds).
	run -0 "$DP_TEST/pngplain" tests/testset/*.png tests/testset/*/*.png \
	    tests/numbers/*.png tests/notdigit/*.png tests/fixtures/*.png \
	    tests/fixtures/web/*.png tests/malformed/*/*.png \
	    fuzz/corpus/*/*.png doc/pictures/*.png
	assert_output --regexp '^[0-9]+ pictures, [0-9]+ plain, 0 differ$'
	n=$(echo "$output" | awk '{ print $1 }')
	p=$(echo "$output" | awk '{ print $3 }')
	# Most pictures are plain: beside the 1,604 made and 12 put
	# together, at least 400 of the files.
	[ "$n" -ge 2200 ] && [ "$p" -ge 2016 ]
}

@test "inflate.c: zlib's bytes for every stream zlib makes, and for a damaged stream only what zlib takes" {
	# 300 streams of five kinds of data at every level, strategy and
	# window; each damaged 32 ways (about a quarter of those still
	# inflate: a flipped bit in a literal, or in the unchecked Adler-32)
	run -0 "$DP_TEST/inflate"
	assert_output --regexp '^300 streams, 300 taken, 9600 damaged, [0-9]+ of them taken, 0 differ$'
	k=$(echo "$output" | awk '{ print $7 }')
	[ "$k" -ge 1000 ]
}
