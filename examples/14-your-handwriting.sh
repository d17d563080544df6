#!/bin/sh
# SPDX-License-Identifier: ISC
# 14: teach the model your handwriting: 14-your-handwriting.sh [picture ...]
# Give pictures of your own digits, each file's name starting with its
# digit (3-mine.jpg is a 3); lrserve --keep collects the same from the
# page's "Wrong? It is a" buttons, as labelled records. Without pictures,
# ten from the test pictures that the model misreads stand in for yours.
# lrtrain --init starts from the model and trains on MNIST and your
# digits (50 copies of each: ten among 60,000 would not count), 3 epochs.
. "$(dirname "$0")/common.sh"
need_model
need_records

# The digit a file's name starts with, as its record's label.
label_by_name() {
	rec2csv | awk -F, -v OFS=, 'NR == 1 { print; next }
	    { n = split($NF, p, "/"); $1 = substr(p[n], 1, 1); print }' |
	    rec2csv -r
}

step "Ten of my digits, labelled by their file names"
if [ $# -gt 0 ]; then
	imgnorm "$@" | label_by_name > "$OUT/mine.rec"
else
	find "$top/tests/testset" -maxdepth 1 -type f -name '[0-9]-*' -print0 | sort -z |
		xargs -0 imgnorm | lrpredict -m "$OUT/mnist.model" |
		awk -F'\t' '{ n = split($1, p, "/"); t = substr(p[n], 1, 1)
		    if (t != $3) print t "\t" $1 }' > "$OUT/wrong.tsv"
	# The first misread picture of each digit, then more, up to ten.
	{ awk -F'\t' '!seen[$1]++ { print $2 }' "$OUT/wrong.tsv"
	  awk -F'\t' 'seen[$1]++' "$OUT/wrong.tsv" | cut -f 2; } |
		head -n 10 | tr '\n' '\0' | xargs -0 imgnorm |
		label_by_name > "$OUT/mine.rec"
fi
echo "$(($(wc -c < "$OUT/mine.rec") / 1024)) digits"

right() {
	lrpredict -m "$1" "$OUT/mine.rec" |
		awk -F'\t' '{ n++; r += ($2 == $3) } END { printf "%d of %d right\n", r, n }'
}

step "The model as it is reads them so:"
lrpredict -m "$OUT/mnist.model" "$OUT/mine.rec" | sed 's|^.*/||' | cut -f 1-3
right "$OUT/mnist.model"

step "lrtrain --init mnist.model on MNIST and 50 copies of mine, 3 epochs"
for i in $(seq 50); do cat "$OUT/mine.rec"; done > "$OUT/mine50.rec"
cat "$OUT/train.rec" "$OUT/mine50.rec" |
	lrtrain -q --init "$OUT/mnist.model" -e 3 -o "$OUT/mine.model"
lrpredict -m "$OUT/mine.model" "$OUT/mine.rec" | sed 's|^.*/||' | cut -f 1-3
right "$OUT/mine.model"

step "And the test set, before and after"
before=$(lrpredict -m "$OUT/mnist.model" "$OUT/test.rec" | confmat | head -n 1)
after=$(lrpredict -m "$OUT/mine.model" "$OUT/test.rec" | confmat | head -n 1)
echo "before: $before"
echo "after:  $after"
echo "$before $after" | awk '{ d = 100 * ($5 - $2)
    printf "a change of %+.2f points\n", d }'
