#!/bin/sh
# SPDX-License-Identifier: ISC
# 05: read the heatmap. The confusion matrix as a picture: counts on the
# left; on the right each row in percent of its true digit, so the
# diagonal is each digit's recall and the red cells are the confusions.
. "$(dirname "$0")/common.sh"
need_predictions

step "confmat --png heat.png pred.tsv"
confmat --png "$OUT/heat.png" "$OUT/pred.tsv" | head -n 1
echo "look at $OUT/heat.png"

step "The row of 9s, in percent: where do the 9s go?"
awk -F'\t' '$2 == 9 { n++; c[$3]++ }
    END { for (d = 0; d <= 9; d++) printf "%d:%.1f%% ", d, 100 * c[d] / n; print "" }' \
    "$OUT/pred.tsv"
