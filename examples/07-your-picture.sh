#!/bin/sh
# SPDX-License-Identifier: ISC
# 07: classify your own picture: 07-your-picture.sh [picture.png|.jpg]
# Draw a digit on paper, photograph it, and give the file. Without one,
# a photographed 3 from the test pictures is used.
. "$(dirname "$0")/common.sh"
need_model
pic=${1:-}
if [ -z "$pic" ]; then
	for pic in "$top"/tests/testset/3-photo-*.jpg; do break; done
fi
[ -f "$pic" ] || { echo "07: no picture: $pic" >&2; exit 1; }
# Work beside the picture, so its record is named by its file name.
cd "$(dirname "$pic")"
pic=$(basename "$pic")

step "What the model will see: imgnorm --ascii $pic"
imgnorm --ascii "$pic"

step "imgnorm $pic | lrpredict -m mnist.model -p"
imgnorm "$pic" | lrpredict -m "$OUT/mnist.model" -p |
	awk -F'\t' '{ printf "%s: a %s, p = %s\n", $1, $3, $4
	    for (d = 0; d <= 9; d++) printf "  p(%d) = %s\n", d, $(5 + d) }'
