#!/bin/sh
# SPDX-License-Identifier: ISC
# 03: train, and watch the loss fall. lrtrain fits a softmax regression
# (digitpipe(7) derives it) by stochastic gradient descent; with -v it
# reports each epoch on stderr, and lrcurve draws those lines.
. "$(dirname "$0")/common.sh"
need_records

step "lrtrain -v -o mnist.model train.rec"
lrtrain -v -o "$OUT/mnist.model" "$OUT/train.rec" 2> "$OUT/train.log"
cat "$OUT/train.log"

step "The loss of the first and the last epoch"
awk '/ epoch / { for (i = 1; i < NF; i++) if ($i == "loss") l[++n] = $(i + 1) }
    END { print "first", l[1], "last", l[n] }' "$OUT/train.log"

step "The learning curve"
lrcurve -o "$OUT/curve.png" "$OUT/train.log"
echo "look at $OUT/curve.png"

step "The model is text: its header"
sed '/^weights$/q' "$OUT/mnist.model"
