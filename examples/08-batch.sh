#!/bin/sh
# SPDX-License-Identifier: ISC
# 08: a whole directory at once: 08-batch.sh [directory]
# xargs -P runs four imgnorm at a time into one pipe; each record is one
# atomic write, so they never mix, and its name says which file it was.
# find -print0 | xargs -0 passes any file name as it is (spaces, quotes,
# line breaks); every file is tried, whatever its extension, because
# imgnorm knows a picture by its bytes, and the ones that are not
# pictures are named on stderr while the others are classified.
# Without a directory, the 40 photographed digits of the test pictures
# are used; their names start with the true digit, so we can score them.
. "$(dirname "$0")/common.sh"
need_model
dir=${1:-$top/tests/testset}
pattern='*'
[ $# -eq 0 ] && pattern='*-photo-*'
[ -d "$dir" ] || { echo "08-batch.sh: $dir: not a directory" >&2; exit 1; }
rm -f "$OUT/batch.tsv" "$OUT/batch.rec" "$OUT/batch-sheet.tsv" "$OUT/batch.png"

# xargs exits 123 when an imgnorm met a file it could not read: those are
# named on stderr, and the rest is classified all the same.
step "find -print0 | xargs -0 -P 4 imgnorm | lrpredict"
{ find "$dir" -type f -name "$pattern" -print0 |
	xargs -0 -P 4 -n 16 imgnorm || [ $? -eq 123 ]; } |
	lrpredict -m "$OUT/mnist.model" | sort > "$OUT/batch.tsv"
sed "s|^$dir/||" "$OUT/batch.tsv" | head -n 5
echo "... $(wc -l < "$OUT/batch.tsv") pictures"

if [ $# -eq 0 ]; then
	step "Right when the first character of the file name is the prediction"
	awk -F'\t' '{ n = split($1, p, "/"); t = substr(p[n], 1, 1)
	    ok += (t == $3) } END { printf "%d of %d right\n", ok, NR }' \
	    "$OUT/batch.tsv"
fi

if command -v parallel >/dev/null 2>&1; then
	step "The same with GNU parallel, one job per core"
	{ find "$dir" -type f -name "$pattern" -print0 |
		parallel -0 -X imgnorm 2>/dev/null || true; } |
		lrpredict -m "$OUT/mnist.model" | sort |
		cmp - "$OUT/batch.tsv" && echo "same predictions"
fi

step "A contact sheet of them, captioned with the prediction"
{ find "$dir" -type f -name "$pattern" -print0 | sort -z |
	xargs -0 imgnorm 2>/dev/null || [ $? -eq 123 ]; } > "$OUT/batch.rec"
if [ ! -s "$OUT/batch.rec" ]; then
	echo "08-batch.sh: no pictures in $dir" >&2
	exit 1
fi
lrpredict -m "$OUT/mnist.model" "$OUT/batch.rec" > "$OUT/batch-sheet.tsv"
recsheet -p "$OUT/batch-sheet.tsv" -o "$OUT/batch.png" "$OUT/batch.rec"
echo "look at $OUT/batch.png"
