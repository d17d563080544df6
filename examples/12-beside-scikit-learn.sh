#!/bin/sh
# SPDX-License-Identifier: ISC
# 12: beside scikit-learn. The same model (softmax regression with L2,
# objective C * sum(log loss) + |W|^2 / 2), the same data (the first N
# training digits as MNIST stores them, pixels / 255), the same C, scored
# on the same 10,000 test digits. lrtrain --exact minimizes the objective
# to its optimum, as scikit-learn's lbfgs does: the two land on the same
# objective and the same predictions. lrtrain's default (SGD, 12 epochs)
# stops short of the optimum, much sooner, and scores no worse on the
# test digits: the optimum of the training objective is not the best
# model for new digits. The math is the same; the engineering differs. N=5000 keeps it quick (the full 60,000
# take scikit-learn a minute or more); set N to try others.
. "$(dirname "$0")/common.sh"
N=${N:-5000}
C=${C:-1}

step "The first $N training digits and the test digits, raw pixels"
idx2raw -n "$N" "$TRAIN_IMG" "$TRAIN_LBL" > "$OUT/first$N.raw"
idx2raw "$TEST_IMG" "$TEST_LBL" > "$OUT/test.raw"

# now: milliseconds since the epoch
now() { echo $(( $(date +%s%N) / 1000000 )); }
# acc MODEL: its accuracy on the test digits
acc() { lrpredict -m "$1" "$OUT/test.raw" | confmat | sed -n 's/^accuracy \([0-9.]*\) .*/\1/p'; }
row() { printf '%-30s %12s %9s %9s\n' "$@"; }

step "lrtrain (SGD), lrtrain --exact (L-BFGS), scikit-learn, C = $C"
t0=$(now)
lrtrain -q -C "$C" -o "$OUT/sgd.model" "$OUT/first$N.raw"
t1=$(now)
lrtrain -q -x -C "$C" -o "$OUT/exact.model" "$OUT/first$N.raw"
t2=$(now)
row "" "objective" "accuracy" "seconds"
row "lrtrain (default, SGD)" "$(sed -n 's/^objective //p' "$OUT/sgd.model")" \
    "$(acc "$OUT/sgd.model")" "$(echo "$t0 $t1" | awk '{ printf "%.2f", ($2 - $1) / 1000 }')"
row "lrtrain --exact (L-BFGS)" "$(sed -n 's/^objective //p' "$OUT/exact.model")" \
    "$(acc "$OUT/exact.model")" "$(echo "$t1 $t2" | awk '{ printf "%.2f", ($2 - $1) / 1000 }')"
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
	# (OpenBLAS tuning variables some machines set for other programs
	# are dropped for this command only.)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 \
	    "$top/scripts/sk-logreg" "$MNIST" first "$N" "$C" > "$OUT/sk.out"
	read -r sk_s sk_acc sk_obj sk_it < "$OUT/sk.out"
	row "scikit-learn (lbfgs, fit only)" "$sk_obj" "$sk_acc" "$sk_s"
	step "The same optimum"
	sed -n 's/^objective //p' "$OUT/exact.model" | awk -v s="$sk_obj" '{
		printf "lrtrain --exact minus scikit-learn: %.4f (%.1e of it)\n", $1 - s, ($1 - s) / s }'
else
	echo "12: skipped scikit-learn: python3-sklearn is not installed" \
	    "(apt-get install python3-sklearn)"
fi
