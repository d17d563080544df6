#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

setup() {
	P=$BATS_TEST_TMPDIR/p.tsv
	# 10 predictions: 8 right; a 1 taken for a 7 and a 3 for an 8;
	# one unlabelled line that must not count.
	printf 'a\t0\t0\t0.9\nb\t1\t1\t0.8\nc\t1\t7\t0.6\nd\t3\t3\t0.7\ne\t3\t8\t0.5\nf\t7\t7\t0.9\ng\t8\t8\t0.9\nh\t9\t9\t0.9\ni\t9\t9\t0.9\nj\t0\t0\t0.9\nk\t-\t4\t0.9\n' > "$P"
}

@test "confmat: --help, --version, usage errors" {
	run -0 confmat --help
	assert_line --index 0 "usage: confmat [-d digits] [--png picture] [file]"
	run -0 confmat --version
	run -2 confmat a b
	run -2 --separate-stderr confmat -d 11 "$P"
	assert_equal "$stderr" "confmat: -d: '11': out of range (0 to 10)"
}

@test "confmat: accuracy line, matrix and report, exactly" {
	run -0 confmat "$P"
	assert_output - <<'OUT'
accuracy 0.8000 (8/10)
unlabelled 1 (not counted)

confusion matrix (rows: true digit, columns: predicted)

          0     1     2     3     4     5     6     7     8     9
    0     2     0     0     0     0     0     0     0     0     0
    1     0     1     0     0     0     0     0     1     0     0
    2     0     0     0     0     0     0     0     0     0     0
    3     0     0     0     1     0     0     0     0     1     0
    4     0     0     0     0     0     0     0     0     0     0
    5     0     0     0     0     0     0     0     0     0     0
    6     0     0     0     0     0     0     0     0     0     0
    7     0     0     0     0     0     0     0     1     0     0
    8     0     0     0     0     0     0     0     0     1     0
    9     0     0     0     0     0     0     0     0     0     2

              precision    recall  f1-score   support

           0       1.00      1.00      1.00         2
           1       1.00      0.50      0.67         2
           3       1.00      0.50      0.67         2
           7       0.50      1.00      0.67         1
           8       0.50      1.00      0.67         1
           9       1.00      1.00      1.00         2

    accuracy                           0.80        10
   macro avg       0.83      0.83      0.78        10
weighted avg       0.90      0.80      0.80        10
OUT
}

@test "confmat: the report matches scikit-learn's classification_report" {
	[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sklearn' 2>/dev/null ||
		skip_or_fail "scikit-learn (python3-sklearn) not installed"
	awk 'BEGIN { srand(7); for (i = 0; i < 2000; i++) { t = int(rand() * 10); p = rand() < 0.85 ? t : int(rand() * 10); printf "%d\t%d\t%d\t0.5\n", i, t, p } }' > "$BATS_TEST_TMPDIR/r.tsv"
	confmat -d 4 "$BATS_TEST_TMPDIR/r.tsv" | sed -n '/precision/,$p' > "$BATS_TEST_TMPDIR/ours"
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/r.tsv" > "$BATS_TEST_TMPDIR/theirs" <<'PY'
import sys
from sklearn.metrics import classification_report
t, p = [], []
for line in open(sys.argv[1]):
    f = line.split('\t'); t.append(int(f[1])); p.append(int(f[2]))
sys.stdout.write(classification_report(t, p, digits=4))
PY
	run -0 diff "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
}

@test "confmat: stdin and - and a file agree; lrpredict -p lines are read" {
	a=$(confmat "$P")
	assert_equal "$a" "$(confmat < "$P")"
	assert_equal "$a" "$(confmat - < "$P")"
	bias_model "$BATS_TEST_TMPDIR/m"
	# the model always says 3: the accuracy is the share of 3s
	threes=$(tail -c +9 "$TEST_LBL" | head -c 50 | od -An -tu1 -v | tr -s ' ' '\n' | grep -cx 3)
	run -0 sh -c "idx2raw -n 50 '$TEST_IMG' '$TEST_LBL' | lrpredict -p -m '$BATS_TEST_TMPDIR/m' | confmat | head -n 1"
	assert_output "accuracy 0.0800 ($threes/50)"
}

@test "confmat: malformed lines are refused with the line number" {
	t=$BATS_TEST_TMPDIR
	printf 'a\t0\t0\t0.9\nb\t1\n' > "$t/short"
	run -1 --separate-stderr confmat "$t/short"
	assert_data_error confmat
	assert_equal "$stderr" "confmat: $t/short: line 2: expected at least 4 tab-separated fields: name, true, predicted, probability"
	printf 'a\t12\t0\t0.9\n' > "$t/lab"
	run -1 --separate-stderr confmat "$t/lab"
	assert_equal "$stderr" "confmat: $t/lab: line 1: true label is not a digit 0-9 or -"
	printf 'a\t1\tx\t0.9\n' > "$t/pred"
	run -1 --separate-stderr confmat "$t/pred"
	assert_equal "$stderr" "confmat: $t/pred: line 1: predicted label is not a digit 0-9"
	printf 'a\t1\t1\t1.5\n' > "$t/prob"
	run -1 --separate-stderr confmat "$t/prob"
	assert_equal "$stderr" "confmat: $t/prob: line 1: probability is not a number from 0 to 1"
	run -1 --separate-stderr confmat "$TEST_LBL"
	assert_data_error confmat
	printf 'k\t-\t4\t0.9\n' > "$t/unk"
	run -1 --separate-stderr confmat "$t/unk"
	assert_equal "$stderr" "confmat: $t/unk: no predictions with a true label (all are -)"
	run -1 --separate-stderr confmat < /dev/null
	assert_equal "$stderr" "confmat: stdin: no predictions with a true label"
}

@test "confmat: /dev/full fails, | head is quiet" {
	run -1 --separate-stderr sh -c "confmat '$P' > /dev/full"
	assert_equal "$stderr" "confmat: stdout: No space left on device"
	run -0 --separate-stderr sh -c "confmat '$P' | head -n 1"
	assert_output "accuracy 0.8000 (8/10)"
	assert_equal "$stderr" ""
}
