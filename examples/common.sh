# SPDX-License-Identifier: ISC
# Sourced by every example: where the data is, where output goes, and the
# steps an example needs from the ones before it, redone only when their
# output is missing, so any example also runs on its own.
#   MNIST  the MNIST files (default: data/mnist beside this directory;
#          make mnist fetches them)
#   OUT    where pictures, records and models go (default: a new
#          temporary directory); share it between examples to reuse work
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
MNIST=${MNIST:-$top/data/mnist}
if [ -z "${OUT:-}" ]; then
	OUT=$(mktemp -d "${TMPDIR:-/tmp}/digitpipe.XXXXXX")
	echo "(output in $OUT)"
fi
mkdir -p "$OUT"

command -v idx2raw >/dev/null 2>&1 || {
	echo "examples: the digitpipe tools are not on PATH;" \
	    "try: PATH=\$PWD/build/bin:\$PATH" >&2
	exit 1
}
[ -f "$MNIST/train-images-idx3-ubyte" ] || {
	echo "examples: no MNIST files in $MNIST; run: make mnist" >&2
	exit 1
}
TRAIN_IMG=$MNIST/train-images-idx3-ubyte
TRAIN_LBL=$MNIST/train-labels-idx1-ubyte
TEST_IMG=$MNIST/t10k-images-idx3-ubyte
TEST_LBL=$MNIST/t10k-labels-idx1-ubyte

# Print a step's heading, as the learner would type it.
step() {
	printf '\n== %s\n' "$*"
}

# Normalized training and test records (example 02).
need_records() {
	[ -s "$OUT/train.rec" ] ||
		idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm > "$OUT/train.rec"
	[ -s "$OUT/test.rec" ] ||
		idx2raw "$TEST_IMG" "$TEST_LBL" | imgnorm > "$OUT/test.rec"
}

# The model and its training log (example 03).
need_model() {
	need_records
	[ -s "$OUT/mnist.model" ] ||
		lrtrain -v -o "$OUT/mnist.model" "$OUT/train.rec" 2> "$OUT/train.log"
}

# The predictions on the test set (example 04).
need_predictions() {
	need_model
	[ -s "$OUT/pred.tsv" ] ||
		lrpredict -m "$OUT/mnist.model" "$OUT/test.rec" > "$OUT/pred.tsv"
}
