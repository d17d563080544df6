#!/bin/sh
# SPDX-License-Identifier: ISC
# 16: say "not a digit": a model that has seen marks that are not digits
# 16-not-a-digit.sh [picture ...]
# lrtrain --notdigit N draws N marks that are not digits (dashes,
# letters, scribbles, ...), learns a gate that tells them from the
# training digits, and lrpredict then declines (?) what the gate calls
# not a digit. The pictures of tests/notdigit were never shown to it.
# Without pictures, a few of them and three digits are read.
. "$(dirname "$0")/common.sh"
need_records
top_nd=$top/tests/notdigit
[ $# -gt 0 ] || set -- "$top_nd/x002-cross.png" "$top_nd/x004-stripes.png" \
	"$top_nd/x049-letter.png" "$top_nd/x063-symbol.png" \
	"$top/tests/testset/3-clean-118.png" "$top/tests/testset/7-clean-270.png" \
	"$top/tests/testset/8-clean-308.png"

# The feature model (it sorts digits among the gate's ten classes best),
# 10% held out to choose both thresholds, and 30,000 generated marks.
[ -s "$OUT/notdigit.model" ] ||
	lrtrain -q --features --holdout 0.1 --notdigit 30000 \
	    -o "$OUT/notdigit.model" "$OUT/train.rec"
step "What the gate costs and catches (held-out digits, generated marks)"
grep '^gate-\|^notdigit-threshold\|^decline ' "$OUT/notdigit.model"

step "imgnorm | lrpredict (? is declined: not a digit, or not sure)"
imgnorm -q "$@" | lrpredict -m "$OUT/notdigit.model" | cut -f1,3,4 |
	sed "s|^$top/||"

step "The same with the gate off (-g 2): every mark gets a digit"
imgnorm -q "$@" | lrpredict -m "$OUT/notdigit.model" -g 2 -t 0 | cut -f1,3,4 |
	sed "s|^$top/||"
