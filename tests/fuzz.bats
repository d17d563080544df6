#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The libFuzzer harnesses (fuzz/) build, replay every committed seed and
# malformed input without a report (the regression tests of what fuzzing
# found), and fuzz each parser briefly (make fuzz-smoke: 20 s each unless
# FUZZ_SMOKE_SECONDS says otherwise); a planted bug makes the smoke run
# fail. Skipped only where clang cannot link libFuzzer. Then what fuzzing
# found, checked through the tools themselves.
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	# One make at a time in build-fuzz/.
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
}

# Build the harnesses, or skip where clang cannot link libFuzzer.
need_fuzzers() {
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' \
	    > "$BATS_TEST_TMPDIR/t.c"
	clang -fsanitize=fuzzer,address,undefined -o "$BATS_TEST_TMPDIR/t" \
	    "$BATS_TEST_TMPDIR/t.c" 2>/dev/null ||
		skip_or_fail "clang cannot link libFuzzer here (libclang-rt-14-dev missing?)"
	cd "$TOP" || return 1
	make -s fuzz-build >/dev/null
}

@test "fuzz: every harness replays its seeds and the malformed inputs cleanly" {
	need_fuzzers
	for h in fuzz/fuzz_*.c; do
		name=$(basename "$h" .c)
		seeds=$(sh scripts/fuzz --seeds build-fuzz "$name")
		files=$(find "$seeds" -type f | sort)
		[ -n "$files" ] || { echo "$name: no seeds" >&2; return 1; }
		# shellcheck disable=SC2086
		run build-fuzz/fuzz/"$name" $files
		[ "$status" -eq 0 ] || { echo "$name: $output" | tail -n 30 >&2; return 1; }
		n=$(echo "$output" | grep -c '^Running: ') || true
		[ "$n" -eq "$(echo "$files" | wc -l)" ] ||
			{ echo "$name ran $n inputs" >&2; return 1; }
	done
}

@test "fuzz: the picture seeds are small and decode in every flavour" {
	need_fuzzers
	# Under the harnesses' cap of 9,216 pixels (else they test only the
	# refusal), and every PNG colour type and JPEG kind is there.
	command -v djpeg >/dev/null ||
		skip_or_fail "djpeg (libjpeg-turbo-progs) is missing"
	for f in fuzz/corpus/picture/s-*.png fuzz/corpus/segment/s-*.png; do
		set -- $(od -An -tu1 -j 16 -N 8 "$f")
		w=$(($1 << 24 | $2 << 16 | $3 << 8 | $4))
		h=$(($5 << 24 | $6 << 16 | $7 << 8 | $8))
		[ $((w * h)) -le 9216 ] || { echo "$f: $w x $h" >&2; return 1; }
	done
	for f in fuzz/corpus/picture/s-*.jpg fuzz/corpus/segment/s-*.jpg; do
		set -- $(djpeg -pnm "$f" | head -n 2 | tail -n 1)
		[ $(($1 * $2)) -le 9216 ] || { echo "$f: $1 x $2" >&2; return 1; }
	done
	ctypes=$(for f in fuzz/corpus/picture/s-*.png; do
		od -An -tu1 -j 25 -N 1 "$f" | tr -d ' '; done | sort -u | tr '\n' ' ')
	assert_equal "$ctypes" "0 2 3 4 6 "
	run grep -l 'Exif' fuzz/corpus/picture/s-exif*.jpg
	[ "$(echo "$output" | wc -l)" -eq 7 ]
	# A progressive JPEG (SOF2) and an Adobe CMYK one.
	grep -q $'\xff\xc2' fuzz/corpus/picture/s-prog.jpg
	grep -q 'Adobe' fuzz/corpus/picture/s-cmyk.jpg
}

@test "fuzz: a short fuzzing run of every harness finds nothing" {
	need_fuzzers
	run make -s fuzz-smoke
	echo "$output" | grep '^fuzz_' >&3 || true
	[ "$status" -eq 0 ] || { echo "$output" | tail -n 30 >&2; return 1; }
	for h in fuzz/fuzz_*.c; do
		name=$(basename "$h" .c)
		assert_line --regexp "^$name: [0-9]+ runs in [0-9]+s, cov: [0-9]+, exit 0$"
	done
}

@test "fuzz: the short run fails when a harness finds a bug" {
	need_fuzzers
	# A harness with a planted bug: a heap overflow behind a 4-byte magic.
	d=$BATS_TEST_TMPDIR/planted
	mkdir -p "$d/fuzz"
	cat > "$d/p.c" <<-'EOF'
	#include <stdlib.h>
	#include <string.h>
	int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)
	{
		char *p;

		if (n < 4 || memcmp(d, "DPR2", 4) != 0)
			return 0;
		p = malloc(4);
		p[n] = 1;	/* the bug */
		free(p);
		return 0;
	}
	EOF
	clang -g -fsanitize=fuzzer,address,undefined -o "$d/fuzz/fuzz_planted" "$d/p.c"
	run -1 sh scripts/fuzz "$d" 20 fuzz_planted
	assert_line --regexp '^fuzz_planted: [0-9]+ runs in 20s, cov: [0-9]+, exit [1-9][0-9]*$'
	assert_output --partial 'heap-buffer-overflow'
	run ls "$d/crash"
	assert_output --regexp '^fuzz_planted-crash-'
}

# What fuzzing found, through imgnorm itself.

@test "fuzz found: imgnorm --segment writes the digits left to right" {
	# Pieces of two overlapping marks, each cut as touching digits,
	# came out of order (digit 3 left of digit 2).
	imgnorm --segment "$TOP/fuzz/corpus/segment/crash-order.jpg" > "$BATS_TEST_TMPDIR/r"
	n=$(($(wc -c < "$BATS_TEST_TMPDIR/r") / 1024))
	[ "$n" -ge 10 ]
	prev=-1
	for i in $(seq 0 $((n - 1))); do
		# version '2' (50), k of n at 220, the box (x, y, w, h) at 224
		set -- $(od -An -v -tu1 -j $((i * 1024 + 3)) -N 1 "$BATS_TEST_TMPDIR/r") \
		    $(od -An -v -tu2 -j $((i * 1024 + 220)) -N 4 "$BATS_TEST_TMPDIR/r") \
		    $(od -An -v -tu4 -j $((i * 1024 + 224)) -N 16 "$BATS_TEST_TMPDIR/r")
		assert_equal "$1 $2 $3" "50 $((i + 1)) $n"
		c=$((2 * $4 + $6))	# twice the box's centre x
		[ "$c" -ge "$prev" ] || { echo "digit $((i + 1)) at $c, left of $prev" >&2; return 1; }
		prev=$c
	done
}

@test "fuzz found: a long thin stroke is refused at once" {
	# A bar 20 px wide and 49,800 long (a 9 KB PNG) wanted a crop of
	# 12,520 x 62,300 doubles around it for its dilation: minutes and
	# gigabytes.
	for o in "" --segment; do
		run -1 --separate-stderr timeout 30 imgnorm $o "$FIX/long-bar.png"
		assert_data_error imgnorm
		assert_equal "$stderr" "imgnorm: $FIX/long-bar.png: no digit-like mark (a stroke of 20x49800 px, too long and thin)"
	done
}

@test "fuzz found: a speck whose mass ties with 2% of the total goes the same way as bytes and as doubles" {
	# fuzz/corpus/picture/crash-speck-tie: raw pixels (byte 1: the width
	# - 1, then the rows) of a 217 x 5 strip of dashes whose 2-pixel mark
	# weighs exactly 2% of all the ink; the masses, summed in two orders,
	# kept it as doubles and dropped it as bytes. As a PNG, inkbytes
	# reads it both ways.
	python3 - "$TOP/fuzz/corpus/picture/crash-speck-tie" "$BATS_TEST_TMPDIR/tie.png" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
w = d[1] + 1
h = (len(d) - 2) // w
raw = b''.join(b'\0' + d[2 + y * w:2 + (y + 1) * w] for y in range(h))
def chunk(t, b):
    return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b))
open(sys.argv[2], 'wb').write(b'\x89PNG\r\n\x1a\n' +
    chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) +
    chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
PY
	run -0 "$DP_TEST/inkbytes" "$BATS_TEST_TMPDIR/tie.png"
	assert_output '1 pictures, 1 as bytes, 0 differ'
}
