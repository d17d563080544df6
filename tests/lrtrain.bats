#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

setup() {
	T=$BATS_TEST_TMPDIR
	TR=$T/train.rec
	idx2raw -n 2000 "$TRAIN_IMG" "$TRAIN_LBL" > "$TR"
}

# The data digest of digitpipe-model(5), recomputed from its definition:
# h_i = FNV-1a 64 of record i's label byte, then its 784 pixel bytes;
# the digest is FNV-1a 64 of h_1 .. h_n, each as 8 bytes, low byte first.
fnv_digest() {
	python3 - "$1" <<'PY'
import sys
M = (1 << 64) - 1
def fnv(bs, h=0xcbf29ce484222325):
    for b in bs:
        h = ((h ^ b) * 0x100000001b3) & M
    return h
d = open(sys.argv[1], 'rb').read()
hs = b''.join(fnv(d[i + 4:i + 5] + d[i + 240:i + 1024]).to_bytes(8, 'little')
              for i in range(0, len(d), 1024))
print('%016x' % fnv(hs))
PY
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
	run -2 --separate-stderr lrtrain -e 0 "$TR"
	assert_output ""
	assert_equal "$stderr" "lrtrain: -e: '0': out of range (1 to 1000000)"
	run -2 --separate-stderr lrtrain --holdout 2 "$TR"
	assert_output ""
	assert_equal "$stderr" "lrtrain: --holdout: '2': out of range (0 to 0.9)"
}

@test "lrtrain: -b, --lr, --momentum, --tol, --patience: range errors" {
	while IFS='|' read -r opt arg msg; do
		run -2 --separate-stderr lrtrain "$opt" "$arg" "$TR"
		assert_output ""
		assert_equal "$stderr" "lrtrain: $opt: '$arg': $msg"
	done <<'LIST'
-b|0|out of range (1 to 1048576)
-b|1048577|out of range (1 to 1048576)
-b|12x|not a whole number
--lr|0|out of range (1e-09 to 1000)
--lr|1001|out of range (1e-09 to 1000)
--lr|nan|out of range (1e-09 to 1000)
--lr|fast|not a number
--momentum|1|out of range (0 to 0.999)
--momentum|-0.1|out of range (0 to 0.999)
--momentum|0.9.|not a number
--tol|-1|out of range (0 to 1e+12)
--tol|1e13|out of range (0 to 1e+12)
--tol|tiny|not a number
--patience|0|out of range (1 to 1000000)
--patience|2.5|not a whole number
LIST
	run -2 --separate-stderr lrtrain --batch=-3 "$TR"
	assert_equal "$stderr" "lrtrain: -b: '-3': out of range (1 to 1048576)"
	# the limits themselves are accepted
	head -c 10240 "$TR" > "$T/s.rec"
	for a in "-b 1" "-b 1048576" "--lr 1e-9" "--lr 1000" "--momentum 0" \
	    "--momentum 0.999" "--tol 0" "--patience 1"; do
		run -0 lrtrain -q -e 1 $a -o "$T/m" "$T/s.rec"
		[ "$(tail -n 1 "$T/m" | wc -w)" -eq 785 ]
	done
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
data-fnv1a64 $(fnv_digest "$TR")"
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
	run -1 cmp -s "$T/a" "$T/g"
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

# kernels_run NAME KERNEL: train on $T/s.rec with DIGITPIPE_KERNEL=KERNEL
# under gdb, which notes every kernel function entered: the model goes to
# $T/NAME, the sorted names of the kernels that ran to $T/NAME.k.
kernels_run() {
	local f v
	command -v gdb > /dev/null || { skip_or_fail "gdb is not installed"; return; }
	{
		echo 'set pagination off'
		for f in fwd bwd hashes sums; do
			for v in avx512 avx2 generic; do
				nm "$DP_BIN/lrtrain" | grep -q " ${f}_$v\$" &&
				    echo "dprintf ${f}_$v,\"ran ${f}_$v\\n\""
			done
		done
		echo run
	} > "$T/k.gdb"
	DIGITPIPE_KERNEL=$2 gdb -q -batch -x "$T/k.gdb" --args "$DP_BIN/lrtrain" \
	    -q -e 3 -o "$T/$1" "$T/s.rec" > "$T/$1.gdb" 2>&1
	sed -n 's/^ran //p' "$T/$1.gdb" | sort -u | tr '\n' ' ' > "$T/$1.k"
	[ -s "$T/$1" ] || { cat "$T/$1.gdb" >&2; return 1; }
}

@test "lrtrain: the AVX2 and generic kernels give the same bytes" {
	grep -qw avx2 /proc/cpuinfo || skip "this CPU has no AVX2"
	head -c $((300 * 1024)) "$TR" > "$T/s.rec"
	kernels_run g generic
	kernels_run b avx2
	assert_equal "$(cat "$T/g.k")" "bwd_generic fwd_generic hashes_generic sums_generic "
	assert_equal "$(cat "$T/b.k")" "bwd_avx2 fwd_avx2 hashes_generic sums_generic "
	cmp "$T/g" "$T/b"
	# and outside gdb, the same
	DIGITPIPE_KERNEL=avx2 lrtrain -q -e 3 -o "$T/b2" "$T/s.rec"
	cmp "$T/b" "$T/b2"
}

@test "lrtrain: the AVX-512 kernels (the default where they run) give the same bytes" {
	for f in avx512f avx512dq avx512bw; do
		grep -qw $f /proc/cpuinfo || skip "this CPU has no $f"
	done
	head -c $((300 * 1024)) "$TR" > "$T/s.rec"
	kernels_run a ""
	kernels_run g generic
	# 300 records: hashes of 32 at a time, the last 12 one by one
	assert_equal "$(cat "$T/a.k")" "bwd_avx512 fwd_avx512 hashes_avx512 hashes_generic sums_avx512 "
	cmp "$T/a" "$T/g"
	lrtrain -q -e 3 -o "$T/a2" "$T/s.rec"
	cmp "$T/a" "$T/a2"
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

# held_out LOG: "epoch held-out" for each epoch line of an lrtrain -v log.
held_out() {
	sed -n 's|^lrtrain: epoch \([0-9]*\)/[0-9]*: .* held-out \([0-9.]*\) .*|\1 \2|p' "$1"
}

@test "lrtrain: --holdout keeps the best epoch and stops --patience epochs after it" {
	# The held-out accuracy of this run rises to epoch 5, then falls.
	lrtrain -v --holdout 0.2 -e 30 -o "$T/m" "$TR" 2> "$T/log"
	held_out "$T/log" > "$T/h"
	read -r best acc <<< "$(sort -k2,2nr -k1,1n "$T/h" | head -n 1)"
	last=$(tail -n 1 "$T/h" | cut -d' ' -f1)
	assert_equal "$(wc -l < "$T/h")" "$last"
	# stopped early: 3 epochs (the default patience) without progress
	assert_equal "$last" $((best + 3))
	[ "$last" -lt 30 ]
	# The weights kept are the best epoch's: the model's right answers on
	# all 2000 records are those on the 1600 trained on (its
	# train-accuracy) plus the best epoch's on the 400 held out.
	run -0 grep -E '^(records|trained-on) ' "$T/m"
	assert_output "records 2000
trained-on 1600"
	tacc=$(sed -n 's/^train-accuracy //p' "$T/m")
	want=$(awk -v t="$tacc" -v h="$acc" 'BEGIN { printf "%d", t * 1600 + h * 400 + 0.5 }')
	# -t 0: no declining, so every line names a digit
	got=$(lrpredict -t 0 -m "$T/m" "$TR" | awk -F'\t' '$2 == $3 { c++ } END { print c }')
	assert_equal "$got" "$want"
	# the last epoch's held-out accuracy is lower: another model
	[ "$(awk -v a="$acc" -v b="$(tail -n 1 "$T/h" | cut -d' ' -f2)" 'BEGIN { print (b < a) }')" -eq 1 ]

	# --patience n: n epochs without progress after the best, then stop.
	for p in 1 2 5; do
		lrtrain -v --holdout 0.2 --patience $p -e 30 -o "$T/m$p" "$TR" 2> "$T/log$p"
		held_out "$T/log$p" > "$T/h$p"
		b=$(sort -k2,2nr -k1,1n "$T/h$p" | head -n 1 | cut -d' ' -f1)
		assert_equal "$(tail -n 1 "$T/h$p" | cut -d' ' -f1)" $((b + p))
		# the same epochs as the first run, as far as both went
		k=$(cat "$T/h" "$T/h$p" | cut -d' ' -f1 | sort -n | uniq -d | wc -l)
		[ "$k" -ge 6 ]
		cmp <(head -n "$k" "$T/h") <(head -n "$k" "$T/h$p")
	done
	# Without --holdout every epoch runs.
	run -0 --separate-stderr lrtrain -v -e 7 -o "$T/n" "$TR"
	[ "$(printf '%s\n' "$stderr" | grep -c '^lrtrain: epoch [1-7]/7: ')" -eq 7 ]
	# A patience longer than the run: all epochs run.
	lrtrain -v --holdout 0.2 --patience 50 -e 9 -o "$T/m50" "$TR" 2> "$T/log50"
	assert_equal "$(held_out "$T/log50" | cut -d' ' -f1 | tr '\n' ' ')" "1 2 3 4 5 6 7 8 9 "
}

@test "lrtrain: -b, --lr and --momentum change the model and are recorded" {
	lrtrain -q -e 2 -o "$T/d" "$TR"
	run -0 grep -E '^(batch|lr|momentum) ' "$T/d"
	assert_output "batch 256
lr 2
momentum 0.90000000000000002"
	lrtrain -q -e 2 -b 64 --lr 0.5 --momentum 0 -o "$T/o" "$TR"
	run -0 grep -E '^(batch|lr|momentum) ' "$T/o"
	assert_output "batch 64
lr 0.5
momentum 0"
	for a in "-b 64" "--lr 0.5" "--momentum 0"; do
		lrtrain -q -e 2 $a -o "$T/x" "$TR"
		run -1 cmp -s "$T/d" "$T/x"
	done
	# A batch of all the records or more is one step per epoch: the same
	# weights whatever the size given.
	lrtrain -q -e 2 -b 2000 -o "$T/b1" "$TR"
	lrtrain -q -e 2 -b 1048576 -o "$T/b2" "$TR"
	run -1 diff "$T/b1" "$T/b2"
	assert_output "9c9
< batch 2000
---
> batch 1048576"
	lrtrain -q -e 2 -b 1999 -o "$T/b3" "$TR"
	run -1 cmp -s "$T/b1" "$T/b3"
	# The learning rate scales the steps: at 1e-9 the weights stay ~0.
	maxw() { sed -n '/^weights$/,$p' "$1" | tail -n +2 | tr ' ' '\n' |
	    awk '{ a = $1 < 0 ? -$1 : $1; if (a > m) m = a } END { print m }'; }
	lrtrain -q --lr 1e-9 -o "$T/l" "$TR"
	[ "$(awk -v m="$(maxw "$T/l")" 'BEGIN { print (m < 1e-6) }')" -eq 1 ]
	[ "$(awk -v m="$(maxw "$T/d")" 'BEGIN { print (m > 0.1) }')" -eq 1 ]
}

@test "lrtrain: --tol: L-BFGS stops at the first iteration with max|grad| <= tol" {
	for t in 100 10 1; do
		run -0 --separate-stderr lrtrain -v -x --tol $t -o "$T/x$t" "$TR"
		g=$(printf '%s\n' "$stderr" | sed -n 's/.*max|grad| \([0-9.e+-]*\),.*/\1/p' | tail -n 1)
		[ "$(awk -v g="$g" -v t=$t 'BEGIN { print (g <= t) }')" -eq 1 ]
		n=$(sed -n 's/^iterations //p' "$T/x$t")
		assert_equal "$(sed -n 's/^tol //p' "$T/x$t")" "$t"
		# one iteration fewer, and the gradient is still above tol
		if [ "$n" -gt 1 ]; then
			run -0 --separate-stderr lrtrain -v -x --tol $t -e $((n - 1)) -o "$T/y" "$TR"
			g=$(printf '%s\n' "$stderr" | sed -n 's/.*max|grad| \([0-9.e+-]*\),.*/\1/p' | tail -n 1)
			[ "$(awk -v g="$g" -v t=$t 'BEGIN { print (g > t) }')" -eq 1 ]
		fi
		echo "$n" >> "$T/iters"
	done
	# a smaller tol takes more iterations
	sort -n -c "$T/iters"
	[ "$(sort -u "$T/iters" | wc -l)" -eq 3 ]
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

@test "lrtrain: --holdout stores a decline threshold chosen by --decline-cost" {
	lrtrain -q --holdout 0.25 -e 4 -o "$T/m" "$TR"
	t=$(sed -n 's/^decline //p' "$T/m")
	[[ "$t" =~ ^0\.[0-9]{6}$ ]]
	lrtrain -q --holdout 0.25 -e 4 --decline-cost 5 -o "$T/m5" "$TR"
	t5=$(sed -n 's/^decline //p' "$T/m5")
	# a larger cost never lowers the threshold, and here raises it
	awk -v a="$t" -v b="$t5" 'BEGIN { exit !(b > a) }'
	# lrpredict declines exactly the lines under the model's threshold
	lrpredict -m "$T/m5" "$TR" > "$T/p"
	awk -F'\t' -v t="$t5" '($4 < t) != ($3 == "?") { bad++ } $3 == "?" { d++ }
	    END { exit !(bad == 0 && d > 0) }' "$T/p"
	# -t 0 overrides it: nothing declined
	lrpredict -m "$T/m5" -t 0 "$TR" > "$T/p0"
	run -0 awk -F'\t' '$3 == "?" { d++ } END { print d + 0 }' "$T/p0"
	assert_output 0
	# no held-out records, or a cost of 0: no threshold
	lrtrain -q -e 1 -o "$T/n" "$TR"
	run -1 grep -q '^decline' "$T/n"
	lrtrain -q --holdout 0.25 -e 1 --decline-cost 0 -o "$T/n0" "$TR"
	run -1 grep -q '^decline' "$T/n0"
	run -2 --separate-stderr lrtrain --decline-cost -1 "$TR"
	[[ "$stderr" == "lrtrain: --decline-cost"* ]]
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
