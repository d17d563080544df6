#!/bin/sh
# SPDX-License-Identifier: ISC
# 04: evaluate on the 10,000 test digits the model has never seen.
# lrpredict writes one line per record; confmat counts them.
. "$(dirname "$0")/common.sh"
need_model

step "lrpredict -m mnist.model test.rec | head"
lrpredict -m "$OUT/mnist.model" "$OUT/test.rec" > "$OUT/pred.tsv"
head -n 5 "$OUT/pred.tsv"
echo "(name or number, true digit, predicted digit, probability)"

step "confmat pred.tsv"
confmat "$OUT/pred.tsv"

step "The most frequent mistakes"
awk -F'\t' '$2 != $3 { print $2 " taken for " $3 }' "$OUT/pred.tsv" |
	sort | uniq -c | sort -rn | head -n 5
