#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# imgnorm --segment, version 2 records, lrnumber, declining.
bats_require_minimum_version 1.5.0

load helper

NUM=$TOP/tests/numbers

setup() {
	T=$(mktemp -d)
}

teardown() {
	rm -rf "$T"
}

model() {
	idx2raw "$MNIST/train-images-idx3-ubyte" "$MNIST/train-labels-idx1-ubyte" |
	    head -c 10240000 | imgnorm | lrtrain -q -o "$T/m.model"
}

@test "imgnorm --segment: one version 2 record per digit, k of n and a box" {
	f=$NUM/n002-clean-tight.png
	imgnorm --segment "$f" > "$T/s.rec"
	[ "$(wc -c < "$T/s.rec")" -eq 3072 ]
	# bytes 3 (version), 220-223 (k, n) of each record
	for k in 1 2 3; do
		v=$(dd if="$T/s.rec" bs=1 skip=$(( (k - 1) * 1024 + 3 )) count=1 2>/dev/null)
		[ "$v" = 2 ]
		kn=$(od -An -tu2 -j $(( (k - 1) * 1024 + 220 )) -N4 "$T/s.rec" | tr -s ' ')
		[ "$kn" = " $k 3" ]
	done
	# the records stay whole through split -b and are read back by every tool
	split -b 1024 "$T/s.rec" "$T/part."
	cat "$T"/part.* | cmp - "$T/s.rec"
	rec2csv "$T/s.rec" | wc -l | grep -qx 4
}

@test "imgnorm --segment: the right digit count on 98% of the number set" {
	ok=0; n=0
	while IFS=$'\t' read -r f num; do
		n=$((n + 1))
		c=$(imgnorm -q --segment "$NUM/$f" | wc -c)
		[ $((c / 1024)) -eq ${#num} ] && ok=$((ok + 1))
	done < "$NUM/MANIFEST"
	echo "$ok of $n"
	[ "$n" -ge 300 ]
	[ $((ok * 100)) -ge $((n * 98)) ]
}

@test "imgnorm: several marks side by side are refused, naming --segment" {
	run -1 --separate-stderr imgnorm "$NUM/n001-clean-wide.png"
	[ "$stderr" = "imgnorm: $NUM/n001-clean-wide.png: 2 marks side by side, not one digit (to read them as a number: imgnorm --segment)" ]
	[ -z "$output" ]
}

@test "imgnorm: a dash is refused" {
	f=$(awk -F'\t' '$2 == "dash" { print $1; exit }' "$TOP/tests/notdigit/MANIFEST")
	run -1 --separate-stderr imgnorm "$TOP/tests/notdigit/$f"
	[[ "$stderr" == *"no digit-like mark (a long flat stroke: a dash?)" ]]
}

@test "lrnumber: numbers in input order, out-of-order digits, -v, cut input" {
	model
	imgnorm --segment "$NUM"/n00[123]-*.png | lrpredict -m "$T/m.model" > "$T/p"
	lrnumber "$T/p" | cut -f1 > "$T/names"
	printf '%s\n' "$NUM"/n00[123]-*.png | cmp - "$T/names"
	# the same numbers with the lines reversed
	lrnumber "$T/p" > "$T/a"
	tac "$T/p" | lrnumber | sort > "$T/b"
	sort "$T/a" | cmp - "$T/b"
	# each number has as many digits as its manifest says
	awk -F'\t' 'NR == FNR { want[$1] = length($2); next }
	    { sub(".*/", "", $1); if (length($2) != want[$1]) exit 1 }' \
	    "$NUM/MANIFEST" "$T/a"
	# -v: one digit:probability@box field per digit
	lrnumber -v "$T/p" | head -n 1 | awk -F'\t' '{ exit !(NF == 5 && $4 ~ /^[0-9]:[0-9.]+@[0-9]+,[0-9]+,[0-9]+,[0-9]+$/) }'
	# a cut input: the picture is named, the exit status says so
	head -n 1 "$T/p" > "$T/cut"
	run -1 --separate-stderr lrnumber "$T/cut"
	[ -z "$output" ]
	[[ "$stderr" == *"n001-clean-wide.png: 1 of its 2 digits missing (cut or incomplete input)" ]]
	# plain lines are one-digit numbers
	printf 'a.png\t-\t7\t0.9\n' | lrnumber | grep -qx "$(printf 'a.png\t7\t0.900000')"
	# malformed lines: reported with their number
	run -1 --separate-stderr lrnumber <<< $'x\ty'
	[ "$stderr" = "lrnumber: stdin: line 1: expected at least 4 tab-separated fields: name, true, predicted, probability" ]
}

@test "lrpredict -t declines with ?, confmat reports coverage" {
	model
	idx2raw "$MNIST/t10k-images-idx3-ubyte" "$MNIST/t10k-labels-idx1-ubyte" |
	    head -c 1024000 | imgnorm > "$T/t.rec"
	lrpredict -m "$T/m.model" -t 0.9 "$T/t.rec" > "$T/p"
	d=$(awk -F'\t' '$3 == "?" && $4 < 0.9' "$T/p" | wc -l)
	a=$(awk -F'\t' '$3 != "?" && $4 < 0.9' "$T/p" | wc -l)
	[ "$d" -gt 0 ]
	[ "$a" -eq 0 ]
	confmat "$T/p" | grep -q "^coverage 0\.[0-9]* ($((1000 - d))/1000 answered), accuracy on the answered"
	run -2 --separate-stderr lrpredict -m "$T/m.model" -t 2 "$T/t.rec"
	[ "$stderr" = "lrpredict: -t: '2': not a probability from 0 to 1" ]
}

@test "malformed: 500 specks and a 100000-pixel-wide strip" {
	python3 - "$T" <<'PY' || skip "no python3 zlib"
import sys, zlib, struct, random
def png(w, h, rows):
    def ch(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    raw = b"".join(b"\0" + r for r in rows)
    return b"\x89PNG\r\n\x1a\n" + ch(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + ch(b"IDAT", zlib.compress(raw)) + ch(b"IEND", b"")
r = random.Random(1)
w = h = 400
px = bytearray([255]) * (w * h)
for _ in range(500):
    x, y = r.randrange(w), r.randrange(h)
    px[y * w + x] = 0
open(sys.argv[1] + "/specks.png", "wb").write(png(w, h, [bytes(px[y*w:(y+1)*w]) for y in range(h)]))
w, h = 100000, 8
row = bytes(255 if (x // 50) % 3 else 0 for x in range(w))
open(sys.argv[1] + "/strip.png", "wb").write(png(w, h, [row] * h))
PY
	run -1 --separate-stderr imgnorm --segment "$T/specks.png"
	[[ "$stderr" == "imgnorm: $T/specks.png: "* ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	run --separate-stderr imgnorm --segment "$T/strip.png"
	[ "$status" -le 1 ]
	[ $(( ${#output} % 1024 )) -eq 0 ] || [ -z "$output" ]
}

# A grey PNG of w x h from a function of (x, y) giving 0-255 (python3's
# zlib: no imaging library needed).
draw() {
	python3 - "$@" <<'PY' || skip "no python3 zlib"
import sys, zlib, struct
out, w, h, expr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
f = eval("lambda x, y: " + expr)
def ch(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
raw = b"".join(b"\0" + bytes(f(x, y) for x in range(w)) for y in range(h))
open(out, "wb").write(b"\x89PNG\r\n\x1a\n" + ch(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + ch(b"IDAT", zlib.compress(raw)) + ch(b"IEND", b""))
PY
}

@test "imgnorm --segment: a faint ruled line broken into pieces joins no digit" {
	# Two 1s (black bars) on white, a faint grey line across them, broken
	# where the paper's noise would break it (never beside a digit): each
	# piece touching a 1 made it wide, and cut into 1 and bits of line.
	draw "$T/r.png" 300 100 '0 if (95 <= x < 105 or 195 <= x < 205) and 15 <= y < 85 else 200 if y == 70 and x % 60 not in (25, 26) else 255'
	imgnorm --segment "$T/r.png" > "$T/r.rec"
	[ "$(wc -c < "$T/r.rec")" -eq 2048 ]
	# the boxes are the bars', not the line's: x, w of each (bytes 224-239)
	for k in 1 2; do
		b=$(od -An -tu4 -j $(( (k - 1) * 1024 + 224 )) -N16 "$T/r.rec" | tr -s ' ')
		[ "$b" = " $((k * 100 - 5)) 15 10 70" ]
	done
	# committed photos of ruled paper: the digit count of the manifest
	for f in n049-ruled-tight.jpg n145-ruled-wide.jpg n201-ruled-normal.jpg; do
		want=$(awk -F'\t' -v f="$f" '$1 == f { print length($2) }' "$NUM/MANIFEST")
		[ "$(imgnorm --segment "$NUM/$f" | wc -c)" -eq $((want * 1024)) ]
	done
}

@test "imgnorm --segment: a 7's long crossbar is not cut off as a digit" {
	# A 7 (top bar, stem, crossbar reaching far right) and a 1: the 7 is
	# wider than 1.35 times its height, so it is cut; the piece right of
	# the cut is only crossbar (its ink meets a tenth of the rows) and
	# goes back to the 7.
	draw "$T/7.png" 260 100 '0 if (10 <= y < 20 and 20 <= x < 80) or (10 <= y < 90 and 0 <= (80 - x) - (y - 10) * 35 // 80 < 10) or (48 <= y < 56 and 40 <= x < 140) or (190 <= x < 200 and 10 <= y < 90) else 255'
	imgnorm --segment "$T/7.png" > "$T/7.rec"
	[ "$(wc -c < "$T/7.rec")" -eq 2048 ]
	b=$(od -An -tu4 -j 224 -N16 "$T/7.rec" | tr -s ' ')
	[ "$b" = " 20 10 120 80" ]
	# committed pictures with a crossed 7, a footed 1, a hooked 3
	for f in n117-clean-wide.png n311-photo-normal.jpg n254-photo-normal.jpg; do
		want=$(awk -F'\t' -v f="$f" '$1 == f { print length($2) }' "$NUM/MANIFEST")
		[ "$(imgnorm --segment "$NUM/$f" | wc -c)" -eq $((want * 1024)) ]
	done
}

@test "imgnorm: thin pens on unevenly lit paper and boards are read with no options" {
	model
	P=$TOP/tests/inkphotos
	[ "$(wc -l < "$P/MANIFEST")" -eq 8 ]
	cut -f1 "$P/MANIFEST" | sed "s|^|$P/|" > "$T/files"
	imgnorm < "$T/files" > "$T/ink.rec" 2> "$T/err"
	[ ! -s "$T/err" ]
	[ "$(wc -c < "$T/ink.rec")" -eq $((8 * 1024)) ]
	# each is read as its digit
	lrpredict -m "$T/m.model" -t 0 "$T/ink.rec" | awk -F'\t' '{ sub(".*/", "", $1); print $1 "\t" $3 }' > "$T/got"
	cut -f1,2 "$P/MANIFEST" | cmp - "$T/got"
	# the same record as the polarity given by hand
	while IFS=$'\t' read -r f d pol; do
		if [ "$pol" = dark ]; then o=--invert; else o=--no-invert; fi
		imgnorm "$P/$f" | cmp - <(imgnorm "$o" "$P/$f")
	done < "$P/MANIFEST"
	# a blank or noisy sheet is still refused, with the hint
	f=$(awk -F'\t' '$2 == "noise" { print $1; exit }' "$TOP/tests/notdigit/MANIFEST")
	run -1 --separate-stderr imgnorm "$TOP/tests/notdigit/$f"
	[[ "$stderr" == *": no ink found (if the picture has ink, say its colour: --invert for dark ink, --no-invert for light ink)" ]]
}
