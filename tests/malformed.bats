#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Every file in tests/malformed (see its README) is refused by every tool
# that reads it: exit 1, one "prog: file: why" line, nothing on stdout,
# and, for every kind but pictures, the exact line in tests/malformed/messages.
bats_require_minimum_version 1.5.0
load helper

setup() {
	cd "$TOP/tests/malformed" || return 1
	T=$BATS_TEST_TMPDIR
	idx2raw ../fixtures/two-images.idx > "$T/two.rec"
	bias_model "$T/bias.model"
}

# refuses PROG FILE [--exact] CMD...: CMD must fail on FILE as above.
refuses() {
	local prog=$1 file=$2 exact=0
	shift 2
	if [ "$1" = --exact ]; then
		exact=1
		shift
	fi
	echo "# $file: $*"
	run -1 --separate-stderr "$@"
	assert_data_error "$prog"
	[[ "$stderr" == "$prog: $file: "* ]] ||
		{ echo "message does not name $file: $stderr" >&2; return 1; }
	if [ $exact = 1 ]; then
		grep -qxF -- "$stderr" messages ||
			{ echo "not the line in messages: $stderr" >&2; return 1; }
	fi
	# Nothing left behind by tools that write files.
	[ -z "$(ls -A "$T/out" 2>/dev/null)" ] ||
		{ echo "files left: $(ls -A "$T/out")" >&2; return 1; }
}

@test "malformed: every file has its line in messages, and every line a file" {
	for d in idx labels records csv models predictions numbers segment; do
		for f in "$d"/*; do
			grep -q "^[a-z0-9]*: $f: " messages || {
				echo "no line for $f" >&2; return 1; }
		done
	done
	while IFS= read -r line; do
		f=${line#*: }
		f=${f%%: *}
		[ -e "$f" ] || { echo "no file for: $line" >&2; return 1; }
	done < messages
}

@test "malformed: IDX images and labels files (idx2raw)" {
	for f in idx/*; do
		refuses idx2raw "$f" --exact idx2raw "$f"
		refuses idx2raw "$f" idx2raw -n 1 "$f" ../fixtures/two-images.idx
	done
	for f in labels/*; do
		refuses idx2raw "$f" --exact idx2raw ../fixtures/two-images.idx "$f"
	done
}

@test "malformed: IDX from stdin names stdin" {
	run -1 --separate-stderr sh -c 'idx2raw - < idx/bad-magic'
	assert_data_error idx2raw
	assert_equal "$stderr" "idx2raw: -: not an IDX file (bad magic)"
}

@test "malformed: record streams (lrpredict, rec2csv, recsplit, lrtrain, imgnorm)" {
	mkdir -p "$T/out"
	for f in records/*; do
		refuses lrpredict "$f" --exact lrpredict -m "$T/bias.model" "$f"
		refuses rec2csv "$f" rec2csv "$f"
		refuses recsplit "$f" recsplit -o "$T/out/a" -O "$T/out/b" "$f"
		refuses lrtrain "$f" lrtrain -q -e 1 -o "$T/out/m" "$f"
		refuses imgnorm "$f" imgnorm "$f"
	done
}

@test "malformed: a bad record after good ones stops the stream there" {
	cat "$T/two.rec" records/bad-label > "$T/mixed.rec"
	run -1 --separate-stderr lrpredict -m "$T/bias.model" "$T/mixed.rec"
	assert_equal "$stderr" "lrpredict: $T/mixed.rec: record 3: bad label (not 0-9 or 255)"
	assert_equal "${#lines[@]}" 2
	# Multi-pass tools read everything first, so they write nothing.
	mkdir -p "$T/out"
	refuses recsplit "$T/mixed.rec" recsplit -o "$T/out/a" -O "$T/out/b" "$T/mixed.rec"
	refuses lrtrain "$T/mixed.rec" lrtrain -q -e 1 -o "$T/out/m" "$T/mixed.rec"
}

@test "malformed: CSV text (rec2csv -r)" {
	for f in csv/*; do
		refuses rec2csv "$f" --exact rec2csv -r "$f"
	done
}

@test "malformed: models (lrpredict -m)" {
	for f in models/*; do
		refuses lrpredict "$f" --exact lrpredict -m "$f" "$T/two.rec"
	done
	# The same refusals through stdin.
	run -1 --separate-stderr sh -c "lrpredict -m - '$T/two.rec' < models/nan-weight"
	assert_data_error lrpredict
	assert_equal "$stderr" "lrpredict: stdin: line 7: class 0, weight 0: not a finite number"
}

@test "malformed: prediction lines (confmat)" {
	for f in predictions/*; do
		refuses confmat "$f" --exact confmat "$f"
	done
}

@test "malformed: pictures (imgnorm)" {
	for f in pictures/*; do
		refuses imgnorm "$f" imgnorm "$f"
		refuses imgnorm "$f" imgnorm --naive "$f"
	done
}

@test "malformed: lrnumber's input (cut lines and numbers, bad k/n, garbage)" {
	for f in numbers/*; do
		refuses lrnumber "$f" --exact lrnumber "$f"
	done
	run -1 --separate-stderr sh -c 'lrnumber < numbers/cut-box'
	assert_data_error lrnumber
	assert_equal "$stderr" "lrnumber: stdin: line 1: k/n without the box x,y,width,height after it (a cut line?)"
}

# Prediction lines of segmented pictures: NAME K N DIGIT P (box x = 10 k).
seg_lines() {
	while [ $# -gt 0 ]; do
		printf '%s\t-\t%s\t%s\t%s/%s\t%s,5,8,20\n' "$1" "$4" "$5" "$2" "$3" "$(($2 * 10))"
		shift 5
	done
}

@test "malformed: lrnumber answers what can be answered: digits out of order, pictures interleaved or cut" {
	# out of order, and two pictures interleaved: each in place, in
	# the order the pictures first appear
	run -0 --separate-stderr sh -c "$(declare -f seg_lines); seg_lines a.png 3 3 6 0.9 b.png 1 1 7 0.8 a.png 1 3 4 0.7 a.png 2 3 2 0.95 | lrnumber -v"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf 'a.png\t426\t0.700000\t4:0.700000@10,5,8,20\t2:0.950000@20,5,8,20\t6:0.900000@30,5,8,20\nb.png\t7\t0.800000\t7:0.800000@10,5,8,20')"
	# a cut picture first: the others are still printed, in order, and
	# the cut one is named
	run -1 --separate-stderr sh -c "$(declare -f seg_lines); seg_lines c.png 1 2 5 0.9 d.png 1 1 8 0.6 e.png 2 2 1 0.5 e.png 1 2 3 0.5 | lrnumber"
	assert_equal "$output" "$(printf 'd.png\t8\t0.600000\ne.png\t31\t0.500000')"
	assert_equal "$stderr" "lrnumber: c.png: 1 of its 2 digits missing (cut or incomplete input)"
	# a digit twice: said, and the first one kept
	run -1 --separate-stderr sh -c "$(declare -f seg_lines); seg_lines t.png 1 2 4 0.9 t.png 1 2 5 0.9 t.png 2 2 2 0.9 | lrnumber"
	assert_equal "$output" "$(printf 't.png\t42\t0.900000')"
	assert_equal "$stderr" "lrnumber: stdin: line 2: the same digit of a picture twice"
	# the digit count changes within a picture: two pictures, both cut
	run -1 --separate-stderr sh -c "$(declare -f seg_lines); seg_lines m.png 1 2 4 0.9 m.png 2 3 2 0.9 | lrnumber"
	assert_equal "$output" ""
	assert_equal "$stderr" "$(printf 'lrnumber: m.png: 1 of its 2 digits missing (cut or incomplete input)\nlrnumber: m.png: 2 of its 3 digits missing (cut or incomplete input)')"
}

@test "malformed: lrnumber: lines claiming 65535 digits cost what they weigh; a cut first picture does not slow the rest" {
	# 3000 lines of 40 bytes, each a picture of 65535 digits: 6 GB when
	# each was given room for all its digits
	awk 'BEGIN { for (i = 0; i < 3000; i++) printf "p%d\t-\t1\t0.5\t1/65535\t0,0,1,1\n", i }' > "$T/claims"
	case $DP_BIN in
	*asan*) run -1 --separate-stderr timeout 60 lrnumber "$T/claims" ;;	# ASan reserves its own memory
	*) run -1 --separate-stderr sh -c "ulimit -v 200000; exec timeout 60 lrnumber '$T/claims'" ;;
	esac
	assert_equal "$output" ""
	assert_equal "$(printf '%s\n' "$stderr" | grep -c '^lrnumber: p[0-9]*: 65534 of its 65535 digits missing (cut or incomplete input)$')" 3000
	# a cut picture, then 100,000 whole ones held back behind it
	{ printf 'cut.png\t-\t1\t0.5\t1/2\t0,0,1,1\n'
	  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "p%d\t-\t%d\t0.5\t2/2\t9,0,1,1\np%d\t-\t1\t0.5\t1/2\t0,0,1,1\n", i, i % 10, i }'
	} > "$T/held"
	run -1 --separate-stderr timeout 60 lrnumber "$T/held"
	assert_equal "$stderr" "lrnumber: cut.png: 1 of its 2 digits missing (cut or incomplete input)"
	assert_equal "${#lines[@]}" 100000
	assert_equal "${lines[0]}" "$(printf 'p0\t10\t0.500000')"
	assert_equal "${lines[99999]}" "$(printf 'p99999\t19\t0.500000')"
}

@test "malformed: pictures that imgnorm --segment refuses (500 specks, a 100000x1 strip, 300 strokes in 6020 px)" {
	for f in segment/*; do
		refuses imgnorm "$f" --exact imgnorm --segment "$f"
		# within a bound of CPU time (each takes under a second here;
		# a sanitizer build several times that)
		run -1 --separate-stderr sh -c "ulimit -t 20; imgnorm --segment '$f'"
	done
}

@test "malformed: hard pictures imgnorm --segment reads: 50 strokes in a row, one stroke among 500 specks" {
	run -0 --separate-stderr sh -c "imgnorm --segment segment-ok/ones-50.png | lrpredict -m '$T/bias.model' | lrnumber -v"
	assert_equal "$stderr" ""
	# 50 digits (the bias model calls each a 3), boxes left to right
	assert_equal "$(printf '%s\n' "$output" | cut -f 1-3)" "$(printf 'segment-ok/ones-50.png\t%s\t0.231969' "$(printf '3%.0s' $(seq 50))")"
	assert_equal "$(printf '%s\n' "$output" | cut -f 4,53)" "$(printf '3:0.231969@20,15,5,30\t3:0.231969@1000,15,5,30')"
	# the specks are dust: one digit, the stroke's box
	run -0 --separate-stderr sh -c "imgnorm --segment segment-ok/one-in-500-specks.png | lrpredict -m '$T/bias.model' | lrnumber -v"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf 'segment-ok/one-in-500-specks.png\t3\t0.231969\t3:0.231969@190,100,20,200')"
}
