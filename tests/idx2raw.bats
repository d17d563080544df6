#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

# A valid IDX images header for N 28x28 images (no data).
idx3_header() { printf '\0\0\10\3'; printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(( $1>>24&255 )) $(( $1>>16&255 )) $(( $1>>8&255 )) $(( $1&255 )))"; printf '\0\0\0\34\0\0\0\34'; }

@test "idx2raw: --help and --version exit 0 on stdout" {
	run -0 idx2raw --help
	assert_line --index 0 "usage: idx2raw [-N] [-n count] [-k skip] images [labels]"
	run -0 idx2raw --version
	assert_output --regexp '^idx2raw \(digitpipe\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "idx2raw: usage errors exit 2" {
	run -2 --separate-stderr idx2raw
	assert_equal "$stderr" "usage: idx2raw [-N] [-n count] [-k skip] images [labels]"
	run -2 idx2raw a b c
	run -2 --separate-stderr idx2raw -n abc "$TEST_IMG"
	assert_equal "$stderr" "idx2raw: -n: 'abc': not a whole number"
	run -2 --separate-stderr idx2raw -n -1 "$TEST_IMG"
	assert_equal "$stderr" "idx2raw: -n: '-1': must not be negative"
	run -2 idx2raw --bogus "$TEST_IMG"
	run -2 --separate-stderr idx2raw - -
	assert_equal "$stderr" "idx2raw: images and labels cannot both be stdin"
}

@test "idx2raw: t10k gives 10000 records of 1024 bytes with the right labels" {
	idx2raw "$TEST_IMG" "$TEST_LBL" > "$BATS_TEST_TMPDIR/t.rec"
	assert_equal "$(wc -c < "$BATS_TEST_TMPDIR/t.rec")" 10240000
	# record layout: magic, label, name padding, then the pixels
	assert_equal "$(head -c 4 "$BATS_TEST_TMPDIR/t.rec")" "DPR1"
	# the first test digits are 7 2 1 0 4
	run -0 sh -c "for i in 0 1 2 3 4; do dd if='$BATS_TEST_TMPDIR/t.rec' bs=1 skip=\$((i*1024+4)) count=1 2>/dev/null | od -An -tu1; done | tr -d ' \n'"
	assert_output "72104"
	# pixels are copied verbatim from the IDX file
	cmp <(tail -c +17 "$TEST_IMG" | head -c 784) <(tail -c +241 "$BATS_TEST_TMPDIR/t.rec" | head -c 784)
}

@test "idx2raw: -n and -k take a slice" {
	idx2raw "$TEST_IMG" "$TEST_LBL" > "$BATS_TEST_TMPDIR/all.rec"
	idx2raw -k 10 -n 5 "$TEST_IMG" "$TEST_LBL" > "$BATS_TEST_TMPDIR/s.rec"
	cmp "$BATS_TEST_TMPDIR/s.rec" <(tail -c +$((10*1024+1)) "$BATS_TEST_TMPDIR/all.rec" | head -c $((5*1024)))
	run -0 sh -c "idx2raw -k 9995 -n 100 '$TEST_IMG' | wc -c"
	assert_output 5120
	run -1 --separate-stderr idx2raw -k 10001 "$TEST_IMG"
	assert_data_error idx2raw
	assert_equal "$stderr" "idx2raw: $TEST_IMG: -k 10001 skips past the end (10000 images)"
}

@test "idx2raw: without labels every label is unknown (255)" {
	run -0 sh -c "idx2raw -n 3 '$TEST_IMG' | od -An -tu1 -j4 -N1"
	assert_output --regexp '^ *255$'
}

@test "idx2raw: reads gzip'ed IDX files and stdin" {
	gzip -c "$TEST_LBL" > "$BATS_TEST_TMPDIR/l.gz"
	idx2raw -n 20 "$TEST_IMG" "$TEST_LBL" > "$BATS_TEST_TMPDIR/a.rec"
	idx2raw -n 20 - "$BATS_TEST_TMPDIR/l.gz" < "$TEST_IMG" > "$BATS_TEST_TMPDIR/b.rec"
	cmp "$BATS_TEST_TMPDIR/a.rec" "$BATS_TEST_TMPDIR/b.rec"
}

@test "idx2raw: wrong magic, truncated, mismatched counts are refused with nothing on stdout" {
	t=$BATS_TEST_TMPDIR
	printf 'hello world, this is not IDX' > "$t/txt"
	run -1 --separate-stderr idx2raw "$t/txt"
	assert_data_error idx2raw
	assert_equal "$stderr" "idx2raw: $t/txt: not an IDX file (bad magic)"

	head -c 100000 "$TEST_IMG" > "$t/cut"
	run -1 --separate-stderr idx2raw "$t/cut"
	assert_data_error idx2raw
	assert_equal "$stderr" "idx2raw: $t/cut: truncated: the header promises 10000 items, the file holds 127"

	run -1 --separate-stderr idx2raw "$TEST_IMG" "$TRAIN_LBL"
	assert_data_error idx2raw
	assert_equal "$stderr" "idx2raw: $TRAIN_LBL: 60000 labels for 10000 images in $TEST_IMG"

	run -1 --separate-stderr idx2raw "$TEST_LBL"
	assert_equal "$stderr" "idx2raw: $TEST_LBL: has 1 dimensions, expected 3 (an images file)"

	printf '\0\0\10\3' > "$t/short"
	run -1 --separate-stderr idx2raw "$t/short"
	assert_equal "$stderr" "idx2raw: $t/short: truncated IDX header"

	{ head -c 16 "$TEST_IMG"; head -c 784 /dev/zero; } > "$t/one"
	run -1 --separate-stderr idx2raw "$t/one"
	assert_equal "$stderr" "idx2raw: $t/one: truncated: the header promises 10000 items, the file holds 1"
}

@test "idx2raw: a header claiming 2^31 images is refused without allocating" {
	t=$BATS_TEST_TMPDIR
	{ idx3_header 2147483648; head -c 7840 /dev/zero; } > "$t/huge"
	run -1 --separate-stderr idx2raw "$t/huge"
	assert_data_error idx2raw
	assert_equal "$stderr" "idx2raw: $t/huge: truncated: the header promises 2147483648 items, the file holds 10"
}

@test "idx2raw: images that are not 28x28, bad labels, wrong type, trailing bytes" {
	t=$BATS_TEST_TMPDIR
	{ printf '\0\0\10\3\0\0\0\1\0\0\0\40\0\0\0\40'; head -c 1024 /dev/zero; } > "$t/big"
	run -1 --separate-stderr idx2raw "$t/big"
	assert_equal "$stderr" "idx2raw: $t/big: images are 32x32, digitpipe records are 28x28"
	{ idx3_header 1; head -c 784 /dev/zero; } > "$t/img1"
	printf '\0\0\10\1\0\0\0\1\14' > "$t/lbl12"
	run -1 --separate-stderr idx2raw "$t/img1" "$t/lbl12"
	assert_equal "$stderr" "idx2raw: $t/lbl12: label 1 is 12, not a digit 0-9"
	{ printf '\0\0\15\3\0\0\0\1\0\0\0\34\0\0\0\34'; head -c 3136 /dev/zero; } > "$t/float"
	run -1 --separate-stderr idx2raw "$t/float"
	assert_equal "$stderr" "idx2raw: $t/float: unsupported IDX type 0x0d (only 0x08, unsigned byte, is supported)"
	{ idx3_header 1; head -c 790 /dev/zero; } > "$t/trail"
	run -1 --separate-stderr idx2raw "$t/trail"
	assert_equal "$stderr" "idx2raw: $t/trail: 6 bytes of trailing garbage after 1 items"
}

@test "idx2raw: a PNG, a corrupt gzip, a directory and a missing file get one clear line" {
	t=$BATS_TEST_TMPDIR
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR' > "$t/pic.png"
	run -1 --separate-stderr idx2raw "$t/pic.png"
	assert_equal "$stderr" "idx2raw: $t/pic.png: not an IDX file (it is a PNG picture)"
	gzip -c "$TEST_IMG" | head -c 5000 > "$t/cut.gz"
	run -1 --separate-stderr idx2raw "$t/cut.gz"
	assert_data_error idx2raw
	assert_equal "$stderr" "idx2raw: $t/cut.gz: truncated gzip data"
	run -1 --separate-stderr idx2raw "$t"
	assert_equal "$stderr" "idx2raw: $t: Is a directory"
	run -1 --separate-stderr idx2raw "$t/nope"
	assert_equal "$stderr" "idx2raw: $t/nope: No such file or directory"
}

@test "idx2raw: /dev/full fails, a closed pipe is quiet" {
	run -1 --separate-stderr sh -c "idx2raw -n 10 '$TEST_IMG' > /dev/full"
	assert_equal "$stderr" "idx2raw: stdout: No space left on device"
	run -0 --separate-stderr sh -c "idx2raw '$TEST_IMG' '$TEST_LBL' | head -c 10 >/dev/null"
	assert_equal "$stderr" ""
}

@test "idx2raw: a file that shrinks while it is read is an error, not a crash" {
	T=$BATS_TEST_TMPDIR
	cp "$TRAIN_IMG" "$T/img"
	# idx2raw maps the file, fills the pipe and waits; the file is cut
	# meanwhile; the pages past the cut are gone when it reads on.
	{ rc=0; idx2raw "$T/img" 2> "$T/err" || rc=$?; echo $rc > "$T/rc"; } |
	    { sleep 2; cat > /dev/null; } &
	sleep 1
	truncate -s 100000 "$T/img"
	wait
	assert_equal "$(cat "$T/rc")" 1
	assert_equal "$(cat "$T/err")" "idx2raw: input file shrank while being read"
}
