#!/bin/sh
# SPDX-License-Identifier: ISC
# 12: read whole numbers, and let the model say "not sure":
# 15-numbers.sh [picture ...]
# imgnorm --segment finds the digits written in one row and writes one
# record per digit (k of n, and its box); lrnumber puts them back
# together. Without pictures, three from tests/numbers are read.
. "$(dirname "$0")/common.sh"
need_records
cd "$top/tests/numbers"
[ $# -gt 0 ] || set -- n001-clean-wide.png n002-clean-tight.png n009-photo-normal.jpg

step "What the manifest says they are"
for f in "$@"; do grep "^$f	" MANIFEST || echo "$f	(not in the manifest)"; done

# A model that keeps 10% of MNIST aside to choose when to decline.
[ -s "$OUT/holdout.model" ] ||
	lrtrain -q --holdout 0.1 -o "$OUT/holdout.model" "$OUT/train.rec"
step "The threshold lrtrain chose on the held-out digits"
grep '^decline ' "$OUT/holdout.model"

step "imgnorm --segment $* | lrpredict -m holdout.model | lrnumber -v"
imgnorm --segment "$@" | lrpredict -m "$OUT/holdout.model" | lrnumber -v

step "Without --segment, a picture of several digits is refused"
imgnorm "$1" > /dev/null || true

step "A cross is not a digit: imgnorm | lrpredict (? is declined)"
cd ../notdigit
imgnorm x002-cross.png | lrpredict -m "$OUT/holdout.model" -p | cut -f1-4
