#!/bin/sh
# SPDX-License-Identifier: ISC
# 10: the same tools on Fashion-MNIST: 70,000 pictures of clothes in
# MNIST's format (Debian: apt-get install dataset-fashion-mnist). The files
# are gzip'ed; idx2raw reads them as they are. The classes are
# 0 T-shirt, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt,
# 7 sneaker, 8 bag, 9 ankle boot. No imgnorm here: clothes are not
# digits, and centring or deskewing them would not help.
. "$(dirname "$0")/common.sh"
F=${FASHION:-/usr/share/datasets/fashion-mnist}
if [ ! -f "$F/train-images-idx3-ubyte.gz" ]; then
	echo "10: skipped: no Fashion-MNIST in $F" \
	    "(apt-get install dataset-fashion-mnist)"
	exit 0
fi

step "idx2raw reads the gzip'ed IDX files directly"
idx2raw "$F/train-images-idx3-ubyte.gz" "$F/train-labels-idx1-ubyte.gz" \
    > "$OUT/fashion-train.rec"
idx2raw "$F/t10k-images-idx3-ubyte.gz" "$F/t10k-labels-idx1-ubyte.gz" \
    > "$OUT/fashion-test.rec"
recsheet -n 30 -o "$OUT/fashion.png" "$OUT/fashion-test.rec"
echo "look at $OUT/fashion.png"

step "Train and evaluate"
lrtrain -q -o "$OUT/fashion.model" "$OUT/fashion-train.rec"
lrpredict -m "$OUT/fashion.model" "$OUT/fashion-test.rec" > "$OUT/fashion.tsv"
confmat --png "$OUT/fashion-heat.png" "$OUT/fashion.tsv" | head -n 1
lrshow -m "$OUT/fashion.model" -o "$OUT/fashion-weights.png"
echo "look at $OUT/fashion-heat.png: shirts (6) are taken for T-shirts (0)," \
    "pullovers (2) and coats (4)"
