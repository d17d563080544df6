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
	for d in idx labels records csv models predictions; do
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
