#!/bin/sh
# SPDX-License-Identifier: ISC
# 09: the original experiment: pool all 70,000 digits, shuffle them with a
# seed, train on 80% and test on the other 20%, as scikit-learn's
# train_test_split(test_size=0.2, random_state=42) would.
. "$(dirname "$0")/common.sh"
need_records

step "cat train.rec test.rec | recsplit -s 42 -t 0.2"
cat "$OUT/train.rec" "$OUT/test.rec" |
	recsplit -s 42 -t 0.2 -o "$OUT/split-train.rec" -O "$OUT/split-test.rec"
echo "$(( $(wc -c < "$OUT/split-train.rec") / 1024 )) to train on," \
    "$(( $(wc -c < "$OUT/split-test.rec") / 1024 )) to test on"

step "Train on the 80%, test on the 20%"
lrtrain -q -o "$OUT/split.model" "$OUT/split-train.rec"
lrpredict -m "$OUT/split.model" "$OUT/split-test.rec" | confmat | head -n 1
