#!/bin/sh
# SPDX-License-Identifier: ISC
# 08: a whole directory at once: 08-batch.sh [directory]
# xargs -P runs four imgnorm at a time into one pipe; each record is one
# atomic write, so they never mix, and its name says which file it was.
# Without a directory, the 40 photographed digits of the test pictures
# are used; their names start with the true digit, so we can score them.
. "$(dirname "$0")/common.sh"
need_model
dir=${1:-$top/tests/testset}
pattern='*'
[ $# -eq 0 ] && pattern='*-photo-*'

step "find | xargs -P 4 imgnorm | lrpredict"
find "$dir" -name "$pattern" \( -name '*.png' -o -name '*.jpg' \) -print0 |
	xargs -0 -P 4 -n 8 imgnorm -q |
	lrpredict -m "$OUT/mnist.model" | sort > "$OUT/batch.tsv"
sed "s|$dir/||" "$OUT/batch.tsv" | head -n 5
echo "... $(wc -l < "$OUT/batch.tsv") pictures"

if [ $# -eq 0 ]; then
	step "Right when the first character of the file name is the prediction"
	awk -F'\t' '{ n = split($1, p, "/"); t = substr(p[n], 1, 1)
	    ok += (t == $3) } END { printf "%d of %d right\n", ok, NR }' \
	    "$OUT/batch.tsv"
fi

if command -v parallel >/dev/null 2>&1; then
	step "The same with GNU parallel, one job per core"
	find "$dir" -name "$pattern" \( -name '*.png' -o -name '*.jpg' \) |
		parallel -X imgnorm -q | lrpredict -m "$OUT/mnist.model" |
		sort | cmp - "$OUT/batch.tsv" && echo "same predictions"
fi

step "A contact sheet of them, captioned with the prediction"
find "$dir" -name "$pattern" \( -name '*.png' -o -name '*.jpg' \) | sort |
	imgnorm -q > "$OUT/batch.rec"
lrpredict -m "$OUT/mnist.model" "$OUT/batch.rec" > "$OUT/batch-sheet.tsv"
recsheet -p "$OUT/batch-sheet.tsv" -o "$OUT/batch.png" "$OUT/batch.rec"
echo "look at $OUT/batch.png"
