#!/bin/sh
# SPDX-License-Identifier: ISC
# 13: the learning rate and the number of epochs. SGD moves the weights
# a step against the gradient of each mini-batch; the learning rate is
# the size of that step (lrtrain warms it up and lets it fall along a
# cosine, so --lr is its peak). Too small, and after 12 epochs the loss
# is still high: the model has not got there. Too large, and the first
# steps overshoot, the loss starts high and jumps about before the
# schedule calms it. The picture shows the three runs; then the number of
# epochs, at the default rate.
. "$(dirname "$0")/common.sh"
need_records
cd "$OUT"

# acc MODEL: its accuracy on the test digits
acc() { lrpredict -m "$1" test.rec | confmat | sed -n 's/^accuracy \([0-9.]*\) .*/\1/p'; }

step "Three learning rates, 12 epochs each: lrtrain -v --lr RATE"
for r in 0.02 2 40; do
	lrtrain -v --lr "$r" -o "lr$r.model" train.rec 2> "lr$r.log"
	echo "--lr $r: last epoch: $(grep 'epoch 12/12' "lr$r.log" | sed 's/^lrtrain: //'); t10k accuracy $(acc "lr$r.model")"
done

step "lrcurve -o rates.png lr0.02.log lr2.log lr40.log"
lrcurve -o rates.png lr0.02.log lr2.log lr40.log
echo "look at $OUT/rates.png: one colour per learning rate"

step "The number of epochs, at the default rate"
for e in 1 3 12; do
	lrtrain -q -e "$e" -o "e$e.model" train.rec
	echo "-e $e: t10k accuracy $(acc "e$e.model")"
done
