#!/bin/sh
# SPDX-License-Identifier: ISC
# 06: look inside. Each class's weights, drawn as a 28 x 28 picture, show
# where ink speaks for (red) or against (blue) that digit. Then look at
# the test digits the model gets wrong.
. "$(dirname "$0")/common.sh"
need_predictions

step "lrshow -m mnist.model -o weights.png"
lrshow -m "$OUT/mnist.model" -o "$OUT/weights.png"
echo "look at $OUT/weights.png"

step "A strongly regularized model (C = 0.001) has smoother templates"
lrtrain -q -C 0.001 -o "$OUT/smooth.model" "$OUT/train.rec"
lrshow -m "$OUT/smooth.model" -o "$OUT/weights-smooth.png"
lrpredict -m "$OUT/smooth.model" "$OUT/test.rec" | confmat | head -n 1
echo "look at $OUT/weights-smooth.png"

step "The first 60 mistakes, captioned 'true as predicted'"
recsheet -p "$OUT/pred.tsv" --wrong -n 60 -c 12 -o "$OUT/mistakes.png" \
    "$OUT/test.rec"
echo "look at $OUT/mistakes.png"
