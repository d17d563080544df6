#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

setup() {
	T=$BATS_TEST_TMPDIR
	TR=$T/train.rec
	idx2raw -n 2000 "$TRAIN_IMG" "$TRAIN_LBL" > "$TR"
}

# Fraction of lrpredict lines whose prediction equals the true label.
accuracy() {
	lrpredict -m "$1" "$2" | awk -F'\t' '{ n++; if ($2 == $3) r++ } END { printf "%.4f\n", r / n }'
}

@test "lrtrain: --help and --version exit 0 on stdout" {
	run -0 --separate-stderr lrtrain --help
	assert_line --index 0 --regexp '^usage: lrtrain '
	assert_equal "$stderr" ""
	run -0 lrtrain --version
	assert_output --regexp '^lrtrain \(digitpipe\) [0-9]'
}

@test "lrtrain: usage errors exit 2 with nothing on stdout" {
	run -2 --separate-stderr lrtrain --frobnicate "$TR"
	assert_output ""
	[[ "$stderr" == *"usage: lrtrain "* ]]
	run -2 --separate-stderr lrtrain -C -1 "$TR"
	assert_output ""
	assert_equal "$stderr" "lrtrain: -C: '-1': out of range (1e-12 to 1e+12)"
	run -2 --separate-stderr lrtrain -C abc "$TR"
	assert_equal "$stderr" "lrtrain: -C: 'abc': not a number"
	run -2 --separate-stderr lrtrain "$TR" "$TR"
	assert_output ""
	[[ "$stderr" == "usage: lrtrain "* ]]
	run -2 --separate-stderr lrtrain -j 0 "$TR"
	assert_equal "$stderr" "lrtrain: -j: '0': out of range (1 to 64)"
	run -2 --separate-stderr lrtrain --solver newton "$TR"
	assert_equal "$stderr" "lrtrain: --solver: 'newton': not sgd or lbfgs"
	run -2 lrtrain -e 0 "$TR"
	run -2 lrtrain --holdout 2 "$TR"
}

@test "lrtrain: data errors exit 1 with one message and empty stdout" {
	head -c 1500 "$TR" > "$T/trunc.rec"
	run -1 --separate-stderr lrtrain "$T/trunc.rec"
	assert_data_error lrtrain
	assert_equal "$stderr" "lrtrain: $T/trunc.rec: record 2: truncated (476 of 1024 bytes)"

	# Records without labels cannot be trained on: say which one.
	{ head -c 3072 "$TR"; idx2raw -n 1 "$TEST_IMG"; } > "$T/nolabel.rec"
	run -1 --separate-stderr lrtrain < "$T/nolabel.rec"
	assert_data_error lrtrain
	assert_equal "$stderr" "lrtrain: stdin: record 4: no label"

	run -1 --separate-stderr sh -c 'lrtrain < /dev/null'
	assert_data_error lrtrain
	assert_equal "$stderr" "lrtrain: stdin: no records"
	run -1 --separate-stderr lrtrain /dev/null
	assert_equal "$stderr" "lrtrain: /dev/null: no records"

	run -1 --separate-stderr lrtrain "$T/missing.rec"
	assert_data_error lrtrain
	assert_equal "$stderr" "lrtrain: $T/missing.rec: No such file or directory"

	run -1 --separate-stderr lrtrain "$TRAIN_IMG"
	assert_data_error lrtrain
	assert_equal "$stderr" "lrtrain: $TRAIN_IMG: not a record stream (it looks like an IDX file)"
}

@test "lrtrain: a full disk fails with exit 1 (-o and stdout)" {
	run -1 --separate-stderr lrtrain -q -e 1 -o /dev/full "$TR"
	assert_equal "$stderr" "lrtrain: /dev/full: No space left on device"
	[ -c /dev/full ]
	run -1 --separate-stderr sh -c "lrtrain -q -e 1 '$TR' > /dev/full"
	assert_equal "$stderr" "lrtrain: stdout: No space left on device"
	run -1 --separate-stderr lrtrain -q -e 1 -o "$T/no/such/dir/m" "$TR"
	assert_equal "$stderr" "lrtrain: $T/no/such/dir/m: No such file or directory"
}

@test "lrtrain: the model is a digitpipe model with its provenance" {
	lrtrain -q -o "$T/m" "$TR"
	run -0 sed -n '1,5p' "$T/m"
	assert_output "digitpipe-model 1
classes 10
width 28
height 28
scale 0.0039215686274509803"
	run -0 grep -E '^(solver|C|epochs|seed|records|data-fnv1a64) ' "$T/m"
	assert_output "solver sgd
C 1
epochs 12
seed 1
records 2000
data-fnv1a64 $(lrtrain -q -e 1 "$TR" | sed -n 's/^data-fnv1a64 //p')"
	run -0 grep -c . "$T/m"
	# header + weights line + 10 lines of 785 numbers
	[ "$(sed -n '/^weights$/,$p' "$T/m" | wc -l)" -eq 11 ]
	[ "$(tail -n 1 "$T/m" | wc -w)" -eq 785 ]
}

@test "lrtrain: deterministic: same seed twice, -j1 = -j2, pipe = file = -" {
	lrtrain -q -s 5 -j 1 -o "$T/a" "$TR"
	lrtrain -q -s 5 -j 1 -o "$T/b" "$TR"
	cmp "$T/a" "$T/b"
	lrtrain -q -s 5 -j 2 -o "$T/c" "$TR"
	cmp "$T/a" "$T/c"
	lrtrain -q -s 5 -j 7 -o "$T/d" "$TR"
	cmp "$T/a" "$T/d"
	cat "$TR" | lrtrain -q -s 5 > "$T/e"
	cmp "$T/a" "$T/e"
	lrtrain -q -s 5 - < "$TR" > "$T/f"
	cmp "$T/a" "$T/f"
	# Another seed shuffles differently.
	lrtrain -q -s 6 -o "$T/g" "$TR"
	! cmp -s "$T/a" "$T/g"
	# The same for L-BFGS (no randomness) and with a held-out slice.
	lrtrain -q -x -e 30 -j 1 -o "$T/x1" "$TR"
	lrtrain -q -x -e 30 -j 2 -o "$T/x2" "$TR"
	cmp "$T/x1" "$T/x2"
	lrtrain -q --holdout 0.2 -j 1 -o "$T/h1" "$TR"
	lrtrain -q --holdout 0.2 -j 2 -o "$T/h2" "$TR"
	cmp "$T/h1" "$T/h2"
	# From a pipe the digest and pixel sums are taken as records arrive
	# (1024 at a time, then the rest): still the same model.
	cat "$TR" | lrtrain -q --holdout 0.2 > "$T/h3"
	cmp "$T/h1" "$T/h3"
	head -c $((1024 * 1024)) "$TR" > "$T/k.rec"
	lrtrain -q -e 2 -o "$T/k1" "$T/k.rec"
	cat "$T/k.rec" | lrtrain -q -e 2 > "$T/k2"
	cmp "$T/k1" "$T/k2"
}

@test "lrtrain: every kernel gives the same bytes (AVX-512, AVX2, generic)" {
	head -c $((300 * 1024)) "$TR" > "$T/s.rec"
	lrtrain -q -e 3 -o "$T/a" "$T/s.rec"
	DIGITPIPE_KERNEL=avx2 lrtrain -q -e 3 -o "$T/b" "$T/s.rec"
	DIGITPIPE_KERNEL=generic lrtrain -q -e 3 -o "$T/c" "$T/s.rec"
	cmp "$T/a" "$T/b"
	cmp "$T/a" "$T/c"
}

@test "lrtrain: accuracy floor: 2000 records, 500 test records >= 0.85" {
	idx2raw -n 500 "$TEST_IMG" "$TEST_LBL" > "$T/test.rec"
	lrtrain -q -o "$T/m" "$TR"
	acc=$(accuracy "$T/m" "$T/test.rec")
	echo "sgd accuracy $acc"
	awk -v a="$acc" 'BEGIN { exit !(a >= 0.85) }'
	lrtrain -q -x -o "$T/x" "$TR"
	acc=$(accuracy "$T/x" "$T/test.rec")
	echo "lbfgs accuracy $acc"
	awk -v a="$acc" 'BEGIN { exit !(a >= 0.85) }'
}

@test "lrtrain: --exact reaches the optimum: SGD's objective is no lower" {
	head -c $((500 * 1024)) "$TR" > "$T/s.rec"
	run -0 --separate-stderr lrtrain -v -x -o "$T/x" "$T/s.rec"
	fx=$(sed -n 's/^objective //p' "$T/x")
	fs=$(lrtrain -q "$T/s.rec" | sed -n 's/^objective //p')
	echo "lbfgs $fx sgd $fs"
	awk -v x="$fx" -v s="$fs" 'BEGIN { exit !(x <= s * (1 + 1e-9)) }'
	# -v prints the final objective; it matches the model's to 6 digits.
	[[ "$stderr" == *"objective "* ]]
	fv=$(printf '%s\n' "$stderr" | sed -n 's/.*: objective \([0-9.]*\),.*/\1/p' | tail -n 1)
	awk -v a="$fv" -v b="$fx" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * b) }'
}

@test "lrtrain: --holdout reports held-out accuracy and records it" {
	run -0 --separate-stderr lrtrain -v --holdout 0.25 -e 4 -o "$T/m" "$TR"
	assert_output ""
	[[ "$stderr" == *"epoch 1/4: loss "*" held-out 0."* ]]
	run -0 grep -E '^(holdout|trained-on) ' "$T/m"
	assert_output "holdout 0.25
trained-on 1500"
	# -q is silent, also with -v given first
	run -0 --separate-stderr lrtrain -v -q -e 1 -o "$T/m" "$TR"
	assert_equal "$stderr" ""
}

@test "lrtrain: SIGINT leaves the previous model intact and no temp file" {
	mkdir "$T/out"
	lrtrain -q -e 1 -o "$T/out/m" "$TR"
	cp "$T/out/m" "$T/prev"
	# Many epochs: still training when the signal comes.
	lrtrain -q -e 1000000 -o "$T/out/m" "$TR" &
	pid=$!
	sleep 0.5
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 130
	cmp "$T/prev" "$T/out/m"
	run -0 ls -A "$T/out"
	assert_output "m"
	lrtrain -q -e 1000000 -o "$T/out/m" "$TR" &
	pid=$!
	sleep 0.5
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 143
	cmp "$T/prev" "$T/out/m"
	run -0 ls -A "$T/out"
	assert_output "m"
}

# The numeric golden test: loss, gradient and one gradient step on the
# three-record example in tests/prog/lr-selftest.c, against the hand-worked
# values at theta0 and against an independent recomputation in awk at
# theta1. Tolerance 1e-6 (the kernel multiplies in float32).
@test "lrtrain: golden numbers: loss, gradient, one update (tolerance 1e-6)" {
	run -0 "$DP_TEST/lr-selftest"
	printf '%s\n' "$output" > "$T/got"
	awk '
	function lse(z,   k, m, s) { m = z[0]; for (k = 1; k < 10; k++) if (z[k] > m) m = z[k]
		for (k = 0; k < 10; k++) s += exp(z[k] - m); return m + log(s) }
	BEGIN {
		# theta0 = 0: hand-worked values (see tests/prog/lr-selftest.c)
		want["F0"] = 3 * log(10)
		for (k = 0; k < 10; k++) {
			gb[k] = (k == 3) ? -1.7 : (k == 7) ? -0.7 : 0.3
			g0[k] = (k == 3) ? -0.9 : 0.1
			g1[k] = (k == 3) ? -0.08 : (k == 7) ? -0.88 : 0.12
			g783[k] = (k == 3) ? -0.36 : 0.04
			want["gb0 " k] = gb[k]; want["gw0_0 " k] = g0[k]
			want["gw0_1 " k] = g1[k]; want["gw0_783 " k] = g783[k]
		}
		# theta1 = theta0 - 0.5 grad0; recompute F and the gradient.
		# records: x[i, j] for pixels 0, 1, 783; labels 3, 7, 3
		x[1, 0] = 1; x[1, 1] = 0.2; x[2, 1] = 1; x[3, 783] = 0.4
		y[1] = 3; y[2] = 7; y[3] = 3
		split("0 1 783", cols, " ")
		F = 0
		for (k = 0; k < 10; k++) {
			b[k] = -0.5 * gb[k]
			W[k, 0] = -0.5 * g0[k]; W[k, 1] = -0.5 * g1[k]; W[k, 783] = -0.5 * g783[k]
			F += (W[k, 0]^2 + W[k, 1]^2 + W[k, 783]^2) / 2
			GB[k] = 0; for (c = 1; c <= 3; c++) GW[k, cols[c]] = W[k, cols[c]]
		}
		for (i = 1; i <= 3; i++) {
			for (k = 0; k < 10; k++) {
				z[k] = b[k]
				for (c = 1; c <= 3; c++) z[k] += W[k, cols[c]] * x[i, cols[c]]
			}
			l = lse(z); F += l - z[y[i]]
			for (k = 0; k < 10; k++) {
				g = exp(z[k] - l) - (k == y[i])
				GB[k] += g
				for (c = 1; c <= 3; c++) GW[k, cols[c]] += g * x[i, cols[c]]
			}
		}
		want["F1"] = F
		for (k = 0; k < 10; k++) {
			want["gb1 " k] = GB[k]
			for (c = 1; c <= 3; c++) want["gw1_" cols[c] " " k] = GW[k, cols[c]]
		}
	}
	{
		if (NF == 2) { key[$1] = 1; got[$1] = $2 }
		else for (k = 0; k < 10; k++) { key[$1 " " k] = 1; got[$1 " " k] = $(k + 2) }
	}
	END {
		worst = 0; n = 0
		for (w in want) {
			if (!(w in key)) { print "missing: " w; exit 1 }
			d = got[w] - want[w]; if (d < 0) d = -d
			if (d > worst) { worst = d; at = w }
			n++
		}
		printf "%d values, largest difference %.3g (%s: got %.10g, want %.10g)\n", n, worst, at, got[at], want[at]
		exit !(n == 82 && worst <= 1e-6)
	}' "$T/got"
}

@test "lrtrain --init: continues from a model, byte-identical for the same inputs and seed" {
	idx2raw -k 2000 -n 1000 "$TRAIN_IMG" "$TRAIN_LBL" > "$T/more.rec"
	lrtrain -q -e 3 -o "$T/base.model" "$TR"
	cat "$TR" "$T/more.rec" > "$T/all.rec"
	lrtrain -q -e 1 --init "$T/base.model" -o "$T/a.model" "$T/all.rec"
	lrtrain -q -e 1 -j 1 --init "$T/base.model" -o "$T/b.model" "$T/all.rec"
	cat "$T/all.rec" | lrtrain -q -e 1 --init "$T/base.model" -o "$T/c.model"
	cmp "$T/a.model" "$T/b.model"
	cmp "$T/a.model" "$T/c.model"
	# It starts where the model is, not from zeros: one epoch from the
	# model loses less than one epoch from scratch.
	lrtrain -q -e 1 -o "$T/z.model" "$T/all.rec"
	obj() { sed -n 's/^objective //p' "$1"; }
	awk -v a="$(obj "$T/a.model")" -v z="$(obj "$T/z.model")" 'BEGIN { exit !(a < z) }'
	grep -qx "init-data-fnv1a64 $(sed -n 's/^data-fnv1a64 //p' "$T/base.model")" "$T/a.model"
}

@test "lrtrain --init: a model of another image size or pixel scale is refused" {
	lrtrain -q -e 1 -o "$T/base.model" "$TR"
	sed 's/^width 28$/width 14/' "$T/base.model" > "$T/w14.model"
	run -1 --separate-stderr lrtrain -q --init "$T/w14.model" -o "$T/o.model" "$TR"
	assert_output ""
	assert_equal "$stderr" "lrtrain: $T/w14.model: line 18: model is for 10 classes of 14x28 pixels; digitpipe records have 10 classes of 28x28"
	sed 's/^scale .*/scale 0.5/' "$T/base.model" > "$T/s.model"
	run -1 --separate-stderr lrtrain -q --init "$T/s.model" -o "$T/o.model" "$TR"
	assert_equal "$stderr" "lrtrain: --init $T/s.model: the model scales pixels by 0.5, lrtrain by 0.0039215686274509803: another feature map"
	[ ! -e "$T/o.model" ]
	run -1 --separate-stderr lrtrain -q --init "$T/nowhere" "$TR"
	[[ "$stderr" == "lrtrain: $T/nowhere: "* ]]
}
