#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Records keep their identity through any split: records named by
# idx2raw -N give the same lines through split -b and parallel --pipe as
# through one lrpredict, and recsheet -p matches them up (the recipes of
# digitpipe-records(5), lrpredict(1) and confmat(1)).
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	D=$BATS_FILE_TMPDIR
	idx2raw -n 3000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q -o "$D/mnist.model"
	idx2raw -N -n 3000 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$D/test.rec"
	idx2raw -n 3000 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$D/plain.rec"
	lrpredict -m "$D/mnist.model" "$D/test.rec" > "$D/one.tsv"
}

@test "idx2raw -N: FILE:INDEX names, counted in the file (-k too), stdin named so" {
	run -0 sh -c "idx2raw -N -k 5 -n 2 '$TEST_IMG' '$TEST_LBL' | rec2csv -H | cut -d, -f1,786"
	assert_output "$(printf '1,t10k-images-idx3-ubyte:6\n4,t10k-images-idx3-ubyte:7')"
	run -0 sh -c "idx2raw -N -n 1 - < '$TEST_IMG' | rec2csv -H | cut -d, -f786"
	assert_output 'stdin:1'
	# Without -N, no names; with it, only the names differ.
	[ "$(idx2raw -n 100 "$TEST_IMG" "$TEST_LBL" | rec2csv -H | cut -d, -f786 | sort -u)" = "" ]
	cmp <(idx2raw -n 100 "$TEST_IMG" "$TEST_LBL" | rec2csv -H | cut -d, -f1-785) \
	    <(idx2raw -N -n 100 "$TEST_IMG" "$TEST_LBL" | rec2csv -H | cut -d, -f1-785)
}

@test "split -b and parallel --pipe give the lines of one process, record 1025 included" {
	cd "$BATS_FILE_TMPDIR"
	run -0 sed -n 1025p one.tsv
	[[ "$output" == $'t10k-images-idx3-ubyte:1025\t'* ]]
	# digitpipe-records(5): split into files, classify in parallel, in order.
	split -b 1024000 -d test.rec part.
	[ "$(ls part.* | wc -l)" -eq 3 ]
	ls part.* | parallel -k lrpredict -m mnist.model > split.tsv
	cmp one.tsv split.tsv
	# lrpredict(1), digitpipe-records(5): blocks of 1024 records on a pipe.
	parallel --pipe --recend '' --block 1M -k lrpredict -m mnist.model < test.rec > pipe.tsv
	cmp one.tsv pipe.tsv
	# confmat(1): in any order, the same counts; each line still its record.
	parallel --pipe --recend '' --block 1M lrpredict -m mnist.model < test.rec > any.tsv
	cmp <(sort one.tsv) <(sort any.tsv)
	cmp <(confmat < one.tsv) <(confmat < any.tsv)
	# recsheet -p matches the lines to the records by their names.
	run -0 recsheet -p pipe.tsv -n 2000 -o sheet.png test.rec
	[ -s sheet.png ]
}

@test "unnamed records are numbered again in every block (why the recipes name them)" {
	cd "$BATS_FILE_TMPDIR"
	parallel --pipe --recend '' --block 1M -k lrpredict -m mnist.model < plain.rec > plain.tsv
	run -0 sed -n 1025p plain.tsv
	[[ "$output" == $'1\t'* ]]
	run -1 --separate-stderr recsheet -p plain.tsv -n 2000 -o sheet2.png plain.rec
	[[ "$stderr" == *"line 1025: is about '1', but record 1025 is '1025'"* ]]
}
