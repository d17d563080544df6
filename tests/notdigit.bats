#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The not-a-digit gate: the generator of marks (lib/junk.c), the model
# file's notdigit section, lrpredict's declining, and the recipe on
# tests/notdigit (pictures the gate never trained on).
bats_require_minimum_version 1.5.0
load helper

@test "notdigit: the generator: same seed, same bytes for any thread count; another seed, others" {
	T=$BATS_TEST_TMPDIR
	"$DP_TEST/gate-check" junk 7 400 1 > "$T/a"
	"$DP_TEST/gate-check" junk 7 400 2 > "$T/b"
	"$DP_TEST/gate-check" junk 7 200 2 > "$T/half"
	"$DP_TEST/gate-check" junk 8 400 1 > "$T/c"
	assert_equal "$(wc -c < "$T/a")" $((400 * 1024))
	cmp "$T/a" "$T/b"
	# Record i depends on the seed and i alone: a shorter run is a prefix.
	cmp -n $((200 * 1024)) "$T/a" "$T/half"
	run -1 cmp -s "$T/a" "$T/c"
	# Every kind is drawn, and every record has ink, centred as imgnorm
	# centres a picture (its centre of mass within a pixel of 14,14).
	rec2csv -H "$T/a" | awk -F, '{
		s = sx = sy = 0
		for (i = 2; i <= 785; i++) { v = $i; s += v; sx += v * ((i - 2) % 28); sy += v * int((i - 2) / 28) }
		if (s == 0) { print "no ink in record " NR; bad = 1 }
		else if ((sx / s - 14) ^ 2 > 1.5 || (sy / s - 14) ^ 2 > 1.5) { print "off centre: record " NR, sx / s, sy / s; bad = 1 }
		kind[$786]++
	} END {
		for (k in kind) n++
		if (n != 10) { print n " kinds"; bad = 1 }
		exit bad
	}'
}

@test "notdigit: a hand-made gate: every record not a digit at 0.5, answered at 0.9 and with -g" {
	T=$BATS_TEST_TMPDIR
	small_records "$T/r" 5
	gate_model "$T/m" 0.5
	run -0 lrpredict -m "$T/m" "$T/r"
	assert_equal "$(cut -f3,4 <<< "$output" | sort | uniq -c | awk '{ print $1, $2, $3 }')" "5 ? 0.231969"
	run -0 lrpredict -m "$T/m" -g 0.9 "$T/r"
	assert_equal "$(cut -f3 <<< "$output" | sort -u)" "3"
	# -t 0 alone answers everything; with -g the gate still speaks.
	run -0 lrpredict -m "$T/m" -t 0 "$T/r"
	assert_equal "$(cut -f3 <<< "$output" | sort -u)" "3"
	run -0 lrpredict -m "$T/m" -t 0 -g 0.88 "$T/r"
	assert_equal "$(cut -f3 <<< "$output" | sort -u)" "?"
	run -0 "$DP_TEST/gate-check" answer "$T/m" "$T/r"
	assert_equal "$(cut -f1-3 <<< "$output" | sort -u)" "$(printf 'not a digit\t3\t0.880797')"
	gate_model "$T/m9" 0.9
	run -0 "$DP_TEST/gate-check" answer "$T/m9" "$T/r"
	assert_equal "$(cut -f1-3 <<< "$output" | sort -u)" "$(printf 'digit\t3\t0.880797')"
	# The section reads back to the same bytes.
	"$DP_TEST/gate-check" copy "$T/m" > "$T/copy"
	run -0 sed -n '/^notdigit/p' "$T/copy"
	assert_output "$(printf 'notdigit grad 1\nnotdigit-map orientations 4 cells 14 pixels 0\nnotdigit-threshold 0.500000\nnotdigit-weights')"
	"$DP_TEST/gate-check" copy "$T/copy" > "$T/copy2"
	cmp "$T/copy" "$T/copy2"
	run -2 --separate-stderr lrpredict -m "$T/m" -g x "$T/r"
	assert_equal "$stderr" "lrpredict: -g: 'x': not a number"
}

@test "notdigit: lrtrain --notdigit: format 3, the same model for any thread count, read back to the same bytes" {
	[ -f "$TRAIN_IMG" ] || skip_or_fail "no MNIST data (make mnist)"
	T=$BATS_TEST_TMPDIR
	idx2raw -n 3000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm > "$T/tr"
	lrtrain -q -j 1 --holdout 0.1 --notdigit 1000 -o "$T/a" "$T/tr"
	lrtrain -q -j 2 --holdout 0.1 --notdigit 1000 -o "$T/b" "$T/tr"
	cmp "$T/a" "$T/b"
	assert_equal "$(head -n 1 "$T/a")" "digitpipe-model 3"
	run -0 sed -n 's/^gate-records //p' "$T/a"
	assert_output 1000
	# The threshold: at least 0.5, and at most 0.3% of the 300 held-out
	# digits (0) at or above it, as the model says.
	run -0 sed -n 's/^gate-held-out-declined //p' "$T/a"
	assert_output 0.000000
	awk '/^notdigit-threshold / { exit !($2 >= 0.5 && $2 <= 1) }' "$T/a"
	# 10 gates of the grad map's 1936 bytes and a bias.
	assert_equal "$(sed -n '/^notdigit-weights$/,$p' "$T/a" | awk 'NR > 1 { print NF }' | sort -u)" 1937
	assert_equal "$(sed -n '/^notdigit-weights$/,$p' "$T/a" | wc -l)" 11
	"$DP_TEST/gate-check" copy "$T/a" > "$T/copy"
	cmp "$T/a" "$T/copy"
	# A feature model with a gate, and lrpredict's ? on the gate's word:
	# its lines agree with model_answer's verdicts, record by record.
	lrtrain -q --features --holdout 0.1 --notdigit 1000 -o "$T/f" "$T/tr"
	run -0 sed -n '1p;/^features /p' "$T/f"
	assert_output "$(printf 'digitpipe-model 3\nfeatures grad 1')"
	"$DP_TEST/gate-check" junk 99 300 2 > "$T/j"
	lrpredict -m "$T/f" "$T/j" | cut -f3 > "$T/pred"
	"$DP_TEST/gate-check" answer "$T/f" "$T/j" | awk -F'\t' '{ print $1 == "digit" ? $2 : "?" }' > "$T/verdicts"
	cmp "$T/pred" "$T/verdicts"
	# Junk of another seed than training's: the gate declines many times
	# what the probability threshold alone declines (its threshold is
	# strict here: above all 300 held-out digits), most at 0.5.
	n=$(grep -c '^?$' "$T/pred")
	off=$(lrpredict -m "$T/f" -g 2 "$T/j" | cut -f3 | grep -c '^?$' || true)
	half=$(lrpredict -m "$T/f" -t 0 -g 0.5 "$T/j" | cut -f3 | grep -c '^?$')
	echo "declined $n of 300 generated marks; $off without the gate, $half at 0.5"
	[ "$n" -ge 40 ] && [ "$n" -ge $((4 * off)) ] && [ "$half" -ge 240 ]
	# A model without a gate answers as before: -t 0 agrees with the
	# gate turned off.
	run -0 lrpredict -m "$T/f" -t 0 "$T/j"
	refute_output --partial $'\t?\t'
}

@test "notdigit: the recipe declines or refuses >= 85% of tests/notdigit, t10k and tests/testset lose <= 1 point" {
	[ -f "$TRAIN_IMG" ] || skip_or_fail "no MNIST data (make mnist)"
	T=$BATS_TEST_TMPDIR
	D=$TOP/tests/notdigit
	idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q --holdout 0.1 --features --notdigit 30000 -o "$T/m"
	cut -f1 "$D/MANIFEST" | sed "s|^|$D/|" > "$T/files"
	n=$(wc -l < "$T/files")
	imgnorm -q < "$T/files" > "$T/nd.rec" || true
	made=$(($(wc -c < "$T/nd.rec") / 1024))
	dec=$(lrpredict -m "$T/m" "$T/nd.rec" | awk -F'\t' '$3 == "?"' | wc -l)
	echo "tests/notdigit: $n pictures, refused $((n - made)), declined $dec"
	[ $((100 * (n - made + dec))) -ge $((85 * n)) ]
	idx2raw "$TEST_IMG" "$TEST_LBL" | imgnorm > "$T/t10k"
	a0=$(lrpredict -m "$T/m" -t 0 "$T/t10k" | awk -F'\t' '$2 == $3' | wc -l)
	a1=$(lrpredict -m "$T/m" "$T/t10k" | awk -F'\t' '$2 == $3' | wc -l)
	echo "t10k: $a0 right answering all, $a1 declining"
	[ "$a0" -ge 9900 ]
	[ $((a0 - a1)) -le 100 ]
	ls "$TOP"/tests/testset/[0-9]-* > "$T/ts"
	imgnorm -q < "$T/ts" > "$T/ts.rec" || true
	right() { awk -F'\t' '{ n = split($1, p, "/"); if (substr(p[n], 1, 1) == $3) ok++ } END { print ok + 0 }'; }
	s0=$(lrpredict -m "$T/m" -t 0 "$T/ts.rec" | right)
	s1=$(lrpredict -m "$T/m" "$T/ts.rec" | right)
	nts=$(wc -l < "$T/ts")
	echo "tests/testset: $s0 of $nts right answering all, $s1 declining"
	[ $((100 * (s0 - s1))) -le "$nts" ]
}
