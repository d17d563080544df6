#!/bin/sh
# SPDX-License-Identifier: ISC
# 02: normalize. imgnorm moves each digit's centre of mass to the middle
# and shears it upright (deskew). The same step will stand in front of
# your own pictures, so the model learns from what they will look like.
. "$(dirname "$0")/common.sh"

step "A slanted digit (test digit 4, a 0) before and after"
echo "before: as MNIST stores it"
idx2raw -k 3 -n 1 "$TEST_IMG" "$TEST_LBL" | recsheet -a | sed 1d
echo "after: imgnorm, centred by its mass and sheared upright"
idx2raw -k 3 -n 1 "$TEST_IMG" "$TEST_LBL" | imgnorm --ascii | sed 1d

step "Normalize all 70,000 digits"
idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm > "$OUT/train.rec"
idx2raw "$TEST_IMG" "$TEST_LBL" | imgnorm > "$OUT/test.rec"
echo "$(( $(wc -c < "$OUT/train.rec") / 1024 )) training records," \
    "$(( $(wc -c < "$OUT/test.rec") / 1024 )) test records"

step "The first 30 test digits side by side, each before and after"
# Records as CSV lines (label, 784 pixels, name): name them "before" and
# "after", interleave the two streams line by line, and back to records.
# recsheet captions each record with its name.
idx2raw -n 30 "$TEST_IMG" "$TEST_LBL" | rec2csv -H |
	awk -F, -v OFS=, '{ $NF = "before"; print }' > "$OUT/before.csv"
head -c $((30 * 1024)) "$OUT/test.rec" | rec2csv -H |
	awk -F, -v OFS=, '{ $NF = "after"; print }' > "$OUT/after.csv"
{
	idx2raw -n 1 "$TEST_IMG" "$TEST_LBL" | rec2csv | head -n 1	# the header
	paste -d '\n' "$OUT/before.csv" "$OUT/after.csv"
} | rec2csv -r |
	recsheet -c 10 -o "$OUT/before-after.png"
echo "look at $OUT/before-after.png: each digit, then the same normalized"
