#!/bin/sh
# SPDX-License-Identifier: ISC
# 09: the original experiment: pool all 70,000 digits (the 60,000 training
# digits first, as OpenML's mnist_784 orders them), shuffle, train on 80%
# and test on the other 20%. recsplit --numpy-seed 42 draws the very
# permutation numpy's RandomState(42) draws, so the split is, index for
# index, scikit-learn's train_test_split(X, y, test_size=0.2,
# random_state=42): the same 14,000 test digits the Python project scored
# (make split-demo fits scikit-learn beside it, when installed).
. "$(dirname "$0")/common.sh"
need_records

step "cat train.rec test.rec | recsplit --numpy-seed 42 -t 0.2"
cat "$OUT/train.rec" "$OUT/test.rec" |
	recsplit --numpy-seed 42 -t 0.2 -o "$OUT/split-train.rec" -O "$OUT/split-test.rec"
echo "$(( $(wc -c < "$OUT/split-train.rec") / 1024 )) to train on," \
    "$(( $(wc -c < "$OUT/split-test.rec") / 1024 )) to test on"

step "Train on the 80%, test on the 20%"
lrtrain -q -o "$OUT/split.model" "$OUT/split-train.rec"
lrpredict -m "$OUT/split.model" "$OUT/split-test.rec" | confmat | head -n 1
