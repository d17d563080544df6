#!/bin/sh
# SPDX-License-Identifier: ISC
# 02: normalize. imgnorm moves each digit's centre of mass to the middle
# and shears it upright (deskew). The same step will stand in front of
# your own pictures, so the model learns from what they will look like.
. "$(dirname "$0")/common.sh"

step "A slanted digit (test digit 4, a 0) before and after"
idx2raw -k 3 -n 1 "$TEST_IMG" "$TEST_LBL" | recsheet -a
idx2raw -k 3 -n 1 "$TEST_IMG" "$TEST_LBL" | imgnorm --ascii

step "Normalize all 70,000 digits"
idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm > "$OUT/train.rec"
idx2raw "$TEST_IMG" "$TEST_LBL" | imgnorm > "$OUT/test.rec"
echo "$(( $(wc -c < "$OUT/train.rec") / 1024 )) training records," \
    "$(( $(wc -c < "$OUT/test.rec") / 1024 )) test records"

step "The same 100 test digits as in 01, normalized"
recsheet -o "$OUT/first100-norm.png" "$OUT/test.rec"
echo "compare $OUT/first100-norm.png with 01's first100.png"
