#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# imgnorm: the record path, the picture path (every PNG and JPEG flavour of
# tests/testset), their agreement on MNIST-like input, accuracy floors on
# the committed test set, batch use, and every way a file can be bad.
bats_require_minimum_version 1.5.0
load helper

TS=$TOP/tests/testset

setup() {
	T=$BATS_TEST_TMPDIR
}

# nrec FILE: the number of records in FILE.
nrec() {
	echo $(($(wc -c < "$1") / 1024))
}

# accuracy MODEL RECORDS: the share of records whose predicted digit is the
# first character of their file name (LABEL-STYLE-NNN.EXT).
accuracy() {
	lrpredict -m "$1" "$2" | awk -F'\t' '{ n = split($1, p, "/");
	    if (substr(p[n], 1, 1) == $3) c++ } END { printf "%.4f\n", c / NR }'
}

@test "imgnorm: --help, --version and usage errors" {
	run -0 imgnorm --help
	assert_line --index 0 "usage: imgnorm [options] [FILE ...]"
	assert_output --partial "--no-deskew"
	run -0 imgnorm --version
	assert_output --regexp '^imgnorm \(digitpipe\) [0-9.]+$'
	run -0 imgnorm -V
	run -2 --separate-stderr imgnorm --bogus
	[[ "$stderr" == *"usage: imgnorm "* ]]
	[ -z "$output" ]
	run -2 --separate-stderr imgnorm --max-pixels 0 x.png
	[ "$stderr" = "imgnorm: --max-pixels: '0': out of range (1 to 18446744073709551615)" ]
	run -2 --separate-stderr imgnorm --max-pixels 12x x.png
	[ "$stderr" = "imgnorm: --max-pixels: '12x': not a whole number" ]
	run -2 --separate-stderr imgnorm --png
	[[ "$stderr" == *"usage: imgnorm "* ]]
}

@test "imgnorm: records keep count, labels and names; MNIST barely moves" {
	small_records "$T/a.rec" 200
	imgnorm < "$T/a.rec" > "$T/b.rec"
	[ "$(nrec "$T/b.rec")" -eq 200 ]
	rec2csv "$T/a.rec" | cut -d, -f1 > "$T/la"
	rec2csv "$T/b.rec" | cut -d, -f1 > "$T/lb"
	cmp "$T/la" "$T/lb"
	# MNIST is centred already: without deskewing nothing changes.
	imgnorm --no-deskew < "$T/a.rec" | cmp - "$T/a.rec"
	# With it, the pixels change.
	run -1 cmp -s "$T/a.rec" "$T/b.rec"
	# stdin, '-' and a file operand agree.
	imgnorm - < "$T/a.rec" | cmp - "$T/b.rec"
	imgnorm "$T/a.rec" | cmp - "$T/b.rec"
	cat "$T/a.rec" | imgnorm | cmp - "$T/b.rec"
}

@test "imgnorm: records match the documented formulas, recomputed in awk" {
	# MNIST digits (mostly centred already), then shifted, cut, one-row,
	# one-pixel and noise records that take the centring path too.
	idx2raw -n 100 "$TEST_IMG" "$TEST_LBL" > "$T/in.rec"
	idx2raw -n 60 -k 100 "$TEST_IMG" "$TEST_LBL" | rec2csv |
	    awk -f "$TOP/tests/hard-records.awk" | rec2csv -r >> "$T/in.rec"
	assert_equal "$(nrec "$T/in.rec")" 160
	rec2csv "$T/in.rec" | awk -f "$TOP/tests/deskew.awk" > "$T/want.csv"
	imgnorm -q "$T/in.rec" | rec2csv > "$T/got.csv"
	assert_equal "$(wc -l < "$T/got.csv")" "$(wc -l < "$T/want.csv")"
	run -0 cmp "$T/want.csv" "$T/got.csv"
}

@test "imgnorm: a blank record is refused, the others go through" {
	small_records "$T/a.rec" 3
	{ head -c 1024 "$T/a.rec"; head -c 240 "$T/a.rec"; head -c 784 /dev/zero;
	  tail -c 1024 "$T/a.rec"; } > "$T/b.rec"
	run -1 --separate-stderr imgnorm "$T/b.rec"
	[ "$stderr" = "imgnorm: $T/b.rec: record 2: no ink found" ]
	[ "${#output}" -gt 0 ]
	imgnorm "$T/b.rec" 2>/dev/null > "$T/c.rec" || true
	[ "$(nrec "$T/c.rec")" -eq 2 ]
}

@test "imgnorm: a bad record stream is reported by record number" {
	small_records "$T/a.rec" 3
	head -c 2500 "$T/a.rec" > "$T/t.rec"
	run -1 --separate-stderr imgnorm < "$T/t.rec"
	[ "$stderr" = "imgnorm: stdin: record 3: truncated (452 of 1024 bytes)" ]
}

@test "imgnorm: every picture of the test set decodes and gives one record" {
	ls "$TS"/*.* > "$T/list"
	imgnorm "$TS"/*.* > "$T/all.rec"
	[ "$(nrec "$T/all.rec")" -eq "$(wc -l < "$T/list")" ]
	# Names are the paths, labels unknown.
	rec2csv "$T/all.rec" | sed 1d | cut -d, -f1 | sort -u > "$T/labels"
	[ "$(cat "$T/labels")" = "" ]
	# Paths on stdin (no operands, not a record stream) give the same.
	imgnorm < "$T/list" | cmp - "$T/all.rec"
}

@test "imgnorm: the bytes decide, not the name" {
	f=$(ls "$TS"/*-clean-*.png | head -n 1)
	cp "$f" "$T/digit.jpg"
	cp "$f" "$T/digit"
	imgnorm "$f" | tail -c 784 > "$T/a"
	imgnorm "$T/digit.jpg" | tail -c 784 | cmp - "$T/a"
	imgnorm "$T/digit" | tail -c 784 | cmp - "$T/a"
	imgnorm < "$f" | tail -c 784 | cmp - "$T/a"
	imgnorm - < "$f" | tail -c 784 | cmp - "$T/a"
}

@test "imgnorm: a picture record has label 255 and the file's name" {
	f=$(ls "$TS"/*-photo-*.jpg | head -n 1)
	cp "$f" "$T/my digit é.jpg"
	imgnorm "$T/my digit é.jpg" > "$T/r.rec"
	[ "$(nrec "$T/r.rec")" -eq 1 ]
	[ "$(head -c 5 "$T/r.rec" | tail -c 1 | od -An -tu1 | tr -d ' ')" = 255 ]
	[ "$(head -c 240 "$T/r.rec" | tail -c 235 | tr -d '\0')" = "$T/my digit é.jpg" ]
}

@test "imgnorm: t10k as PNG files normalizes as the records do" {
	idx2raw -n 1000 "$TEST_IMG" "$TEST_LBL" > "$T/t.rec"
	idx2raw -n 10000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q -o "$T/m.model"
	mkdir "$T/png"
	imgnorm --no-deskew -O "$T/png" < "$T/t.rec" | cmp - "$T/t.rec"
	[ "$(ls "$T/png" | wc -l)" -eq 1000 ]
	[ -f "$T/png/000001-7.png" ]
	imgnorm < "$T/t.rec" | lrpredict -m "$T/m.model" | cut -f3 > "$T/a"
	imgnorm "$T"/png/*.png | lrpredict -m "$T/m.model" | cut -f3 > "$T/b"
	same=$(paste "$T/a" "$T/b" | awk '$1 == $2 { c++ } END { print c }')
	echo "same predictions: $same of 1000"
	[ "$same" -ge 995 ]
}

@test "imgnorm: accuracy on the test set: default > no deskew > naive" {
	# 20,000 training records keep it quick; the full set gives a point
	# or so more (see bench-imgnorm's figures in the report).
	idx2raw -n 20000 "$TRAIN_IMG" "$TRAIN_LBL" > "$T/train.rec"
	imgnorm < "$T/train.rec" | lrtrain -q -o "$T/m.model"
	imgnorm --no-deskew < "$T/train.rec" | lrtrain -q -o "$T/nd.model"
	lrtrain -q -o "$T/raw.model" "$T/train.rec"
	imgnorm "$TS"/*.* > "$T/d.rec"
	imgnorm --no-deskew "$TS"/*.* > "$T/nd.rec"
	imgnorm --naive "$TS"/*.* > "$T/nv.rec" 2>/dev/null || true
	d=$(accuracy "$T/m.model" "$T/d.rec")
	nd=$(accuracy "$T/nd.model" "$T/nd.rec")
	nv=$(accuracy "$T/raw.model" "$T/nv.rec")
	echo "default $d, no deskew $nd, naive $nv"
	awk -v d="$d" -v nd="$nd" -v nv="$nv" \
	    'BEGIN { exit !(d >= 0.82 && d > nd + 0.05 && nd > nv) }'
}

@test "imgnorm: no ink is an error, never a guess" {
	# A uniform picture: nothing to hint at.
	run -1 --separate-stderr imgnorm "$TS/blank/white.png"
	assert_data_error imgnorm
	[ "$stderr" = "imgnorm: $TS/blank/white.png: no ink found" ]
	# Paper with grain: the polarity may be what failed, so say how to
	# give it; once given, no hint.
	f=paper.jpg
	run -1 --separate-stderr imgnorm "$TS/blank/$f"
	assert_data_error imgnorm
	[ "$stderr" = "imgnorm: $TS/blank/$f: no ink found (if the picture has ink, say its colour: --invert for dark ink, --no-invert for light ink)" ]
	run -1 --separate-stderr imgnorm --invert "$TS/blank/$f"
	[ "$stderr" = "imgnorm: $TS/blank/$f: no ink found" ]
}

@test "imgnorm: bad files are reported one line each, the rest processed" {
	f=$(ls "$TS"/*-clean-*.png | head -n 1)
	cp "$f" "$T/good é.png"
	: > "$T/empty.png"
	mkdir "$T/dir.png"
	printf 'GIF89a\001\000\001\000' > "$T/gif.png"
	head -c 100 "$f" > "$T/cut.png"
	head -c 300 "$TS/big/4-photo12mp.jpg" > "$T/cut.jpg"
	run -1 --separate-stderr imgnorm "$T/empty.png" "$T/good é.png" \
	    "$T/missing.png" "$T/dir.png" "$T/gif.png" "$T/cut.png" "$T/cut.jpg" \
	    "$TS/blank/white.png"
	[ "${#output}" -gt 0 ]
	diff <(printf '%s\n' "$stderr") - <<-EOF
	imgnorm: $T/empty.png: empty file
	imgnorm: $T/missing.png: No such file or directory
	imgnorm: $T/dir.png: Is a directory
	imgnorm: $T/gif.png: not a PNG or JPEG picture (it looks like a GIF picture)
	imgnorm: $T/cut.png: truncated PNG
	imgnorm: $T/cut.jpg: truncated JPEG
	imgnorm: $TS/blank/white.png: no ink found
	EOF
	imgnorm "$T/empty.png" "$T/good é.png" 2>/dev/null > "$T/r.rec" || true
	[ "$(nrec "$T/r.rec")" -eq 1 ]
	# -q: the same status, no messages.
	run -1 --separate-stderr imgnorm -q "$T/empty.png"
	[ -z "$stderr" ]
}

@test "imgnorm: pixel bombs are refused before decoding" {
	f=$(ls "$TS"/*-clean-*.png | head -n 1)
	run -1 --separate-stderr imgnorm --max-pixels 100 "$f"
	[[ "$stderr" =~ ^"imgnorm: $f: picture too large: "([0-9]+)x([0-9]+)" = "([0-9]+)" pixels, more than the limit of 100 (--max-pixels raises it)"$ ]]
	[ "${BASH_REMATCH[3]}" -eq $((BASH_REMATCH[1] * BASH_REMATCH[2])) ]
	# A JPEG counts at the size it is decoded: 1/8 of 4000x3000.
	run -1 --separate-stderr imgnorm --max-pixels 187499 "$TS/big/4-photo12mp.jpg"
	[ "$stderr" = "imgnorm: $TS/big/4-photo12mp.jpg: picture too large: 4000x3000 decodes at 1/8 to 500x375 = 187500 pixels, more than the limit of 187499 (--max-pixels raises it)" ]
	run -0 imgnorm --max-pixels 187500 "$TS/big/4-photo12mp.jpg"
	# The default (40 megapixels) lets the 12-megapixel photo through.
	run -0 --separate-stderr imgnorm --ascii "$TS/big/4-photo12mp.jpg"
	assert_equal "$stderr" ""
	assert_line --index 0 "# $TS/big/4-photo12mp.jpg (label ?)"
	[ "${#lines[@]}" -eq 29 ]
	assert_output --partial "@@"
}

@test "imgnorm: batches with xargs -P and parallel name every picture" {
	n=$(ls "$TS"/*.* | wc -l)
	idx2raw -n 2000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q -o "$T/m.model"
	find "$TS" -maxdepth 1 -type f -print0 | xargs -0 -n 17 -P4 imgnorm |
	    lrpredict -m "$T/m.model" > "$T/x.tsv"
	[ "$(wc -l < "$T/x.tsv")" -eq "$n" ]
	[ "$(cut -f1 "$T/x.tsv" | sort -u | wc -l)" -eq "$n" ]
	find "$TS" -maxdepth 1 -type f | parallel -j4 -X imgnorm |
	    lrpredict -m "$T/m.model" > "$T/p.tsv"
	sort "$T/x.tsv" > "$T/xs"
	sort "$T/p.tsv" | cmp - "$T/xs"
}

@test "imgnorm: parallel -S with --basefile runs the batch (':' is this host)" {
	n=$(ls "$TS"/*.* | wc -l)
	idx2raw -n 2000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q -o "$T/m.model"
	# As on other hosts: the model goes along as a base file, each job
	# normalizes and classifies its share; only prediction lines return.
	cd "$T"
	find "$TS" -maxdepth 1 -type f -name "*.*" | parallel -S 1/: --basefile m.model \
	    -X -n 20 'imgnorm {} | lrpredict -m m.model' > "$T/p.tsv"
	[ "$(wc -l < "$T/p.tsv")" -eq "$n" ]
	[ "$(cut -f1 "$T/p.tsv" | sort -u | wc -l)" -eq "$n" ]
	# every line: the picture, no label, a digit, its probability
	run -1 grep -vcE "^$TS/[0-9]-[a-z0-9]+-[0-9]{3}\.[a-z]+	-	[0-9]	[01]\.[0-9]{6}\$" "$T/p.tsv"
	assert_output 0
}

@test "imgnorm: each EXIF orientation 1-8 gives the record of the upright picture" {
	command -v cjpeg > /dev/null && command -v jpegtran > /dev/null ||
		skip_or_fail "cjpeg and jpegtran not installed (libjpeg-turbo-progs)"
	# An upright 7-like shape of whole 8x8 blocks, not square: at quality
	# 100 such a picture decodes to its exact pixels, and jpegtran turns
	# it losslessly (-perfect).
	awk 'BEGIN { print "P2 40 64 255"
	    for (y = 0; y < 64; y++) for (x = 0; x < 40; x++) {
		bx = int(x / 8); by = int(y / 8)
		ink = (by == 1 && bx >= 1 && bx <= 3) || (by >= 2 && by <= 6 && bx == 3 - int((by - 2) / 3)) || (by == 4 && bx == 4)
		print ink ? 0 : 255 } }' > "$T/up.pgm"
	cjpeg -quality 100 -grayscale -outfile "$T/up.jpg" "$T/up.pgm"
	imgnorm "$T/up.jpg" | dd bs=1024 count=1 2>/dev/null | tail -c 784 > "$T/up.pix"
	# stored = the inverse of what orientation o asks for, then the tag
	set -- "" "-flip horizontal" "-rotate 180" "-flip vertical" "-transpose" \
	    "-rotate 270" "-transverse" "-rotate 90"
	for o in 1 2 3 4 5 6 7 8; do
		t=${!o}
		jpegtran -perfect $t -outfile "$T/s$o.jpg" "$T/up.jpg"
		python3 - "$T/s$o.jpg" "$o" "$T/o$o.jpg" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
tiff = b'MM\0\x2a' + struct.pack('>I', 8) + struct.pack('>HHHIHHI', 1, 0x112, 3, 1, int(sys.argv[2]), 0, 0)
app1 = b'\xff\xe1' + struct.pack('>H', 2 + 6 + len(tiff)) + b'Exif\0\0' + tiff
open(sys.argv[3], 'wb').write(d[:2] + app1 + d[2:])
PY
		imgnorm "$T/o$o.jpg" | tail -c 784 | cmp - "$T/up.pix" ||
			{ echo "orientation $o differs" >&2; return 1; }
		# without the tag the stored picture is another record
		if [ "$o" -gt 1 ]; then
			run -1 cmp -s <(imgnorm "$T/s$o.jpg" | tail -c 784) "$T/up.pix"
		fi
	done
}

@test "imgnorm: --ascii draws each record with a caption" {
	small_records "$T/a.rec" 2
	run -0 imgnorm --ascii "$T/a.rec"
	[ "${#lines[@]}" -eq 58 ]
	assert_line --index 0 "# - (label 7)"
	assert_line --index 29 "# - (label 2)"
	[ "${#lines[10]}" -eq 56 ]
	assert_output --partial "@@"
	f=$(ls "$TS"/3-mnist-*.png | head -n 1)
	run -0 imgnorm --ascii "$f"
	assert_line --index 0 "# $f (label ?)"
}

@test "imgnorm: --png writes the first normalized record as a PNG" {
	small_records "$T/a.rec" 3
	imgnorm --png "$T/seen.png" "$T/a.rec" > "$T/b.rec"
	[ "$(head -c 8 "$T/seen.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ]
	# The same bytes as -O writes for the first record, and a picture
	# imgnorm reads back.
	mkdir "$T/d"
	imgnorm -O "$T/d" "$T/a.rec" | cmp - "$T/b.rec"
	cmp "$T/seen.png" "$T/d/000001-7.png"
	[ "$(ls "$T/d")" = "$(printf '000001-7.png\n000002-2.png\n000003-1.png')" ]
	run -0 imgnorm --ascii "$T/seen.png"
	run -1 --separate-stderr imgnorm --png "$T/no/such/dir.png" "$T/a.rec"
	[[ "$stderr" == "imgnorm: $T/no/such/dir.png: No such file or directory" ]]
	[ ! -e "$T/no" ]
}

@test "imgnorm: --invert and --no-invert override the border" {
	f=$(ls "$TS"/*-clean-*.png | head -n 1)
	imgnorm "$f" > "$T/a"
	imgnorm --invert "$f" | cmp - "$T/a"
	run -1 --separate-stderr imgnorm --no-invert "$f"
	[ "$stderr" = "imgnorm: $f: no ink found" ]
}

@test "imgnorm: /dev/full fails, | head is quiet" {
	small_records "$T/a.rec" 100
	run -1 --separate-stderr sh -c 'imgnorm "$1" > /dev/full' sh "$T/a.rec"
	[ "$stderr" = "imgnorm: stdout: No space left on device" ]
	run -0 --separate-stderr sh -c 'imgnorm --ascii "$1" | head -n 1' sh "$T/a.rec"
	[ "$output" = "# - (label 7)" ]
	[ -z "$stderr" ]
	# the reader closing early is no error: status 0, nothing said
	run -0 --separate-stderr bash -c 'imgnorm "$1" | head -c 1024 | wc -c; exit ${PIPESTATUS[0]}' sh "$T/a.rec"
	assert_output 1024
	assert_equal "$stderr" ""
}

@test "imgnorm: records of the whole training set, fast" {
	idx2raw "$TRAIN_IMG" "$TRAIN_LBL" > "$T/train.rec"
	s=$(date +%s%N)
	imgnorm < "$T/train.rec" > "$T/n.rec"
	e=$(date +%s%N)
	echo "60000 records: $(((e - s) / 1000000)) ms"
	[ "$(nrec "$T/n.rec")" -eq 60000 ]
	[ $(((e - s) / 1000000)) -lt 5000 ]
}
