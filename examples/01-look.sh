#!/bin/sh
# SPDX-License-Identifier: ISC
# 01: look at the data. MNIST is four files of bytes; idx2raw turns them
# into records of 1024 bytes (digitpipe-records(5)) that every other
# tool reads. Before learning anything, look at what there is to learn.
. "$(dirname "$0")/common.sh"

step "The first 16 bytes of the test images: magic 0x0803, 10000 images of 28 x 28"
od -A d -t x1 -N 16 "$TEST_IMG"

step "The first three test digits as CSV: the label, then 784 pixels (cut short)"
idx2raw -n 3 "$TEST_IMG" "$TEST_LBL" | rec2csv | cut -c 1-60

step "The first test digit, as ASCII art"
idx2raw -n 1 "$TEST_IMG" "$TEST_LBL" | recsheet -a

step "How many of each digit in the training set"
idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | rec2csv -H | cut -d, -f1 | sort | uniq -c

step "The first 100 test digits as a picture"
idx2raw -n 100 "$TEST_IMG" "$TEST_LBL" | recsheet -o "$OUT/first100.png"
echo "look at $OUT/first100.png"
