#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# recsplit --numpy-seed: numpy's legacy RandomState(seed).permutation and
# scikit-learn's train_test_split, bit for bit. The indices below were
# computed once with numpy 1.24 and are committed; where scikit-learn is
# installed, the whole split is compared as well.
bats_require_minimum_version 1.5.0
load helper

# index_records N FILE: N unlabelled records named 0, 1, ..., N-1.
index_records() {
	perl -e 'for my $i (0 .. $ARGV[0] - 1) { print pack("a4 C a235 x784", "DPR1", 255, $i) }' "$1" > "$2"
}

# names FILE: the records' names, one a line.
names() {
	perl -e 'local $/ = \1024; while (<>) { my ($n) = unpack("x5 Z235", $_); print "$n\n" }' "$1"
}

have_sklearn() {
	[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sklearn' 2>/dev/null
}

@test "recsplit --numpy-seed: option errors" {
	index_records 10 "$BATS_TEST_TMPDIR/r"
	run -2 --separate-stderr recsplit --numpy-seed 4294967296 -o a -O b "$BATS_TEST_TMPDIR/r"
	assert_equal "$stderr" "recsplit: --numpy-seed: '4294967296': out of range (0 to 4294967295)"
	run -2 --separate-stderr recsplit --numpy-seed -1 -o a -O b "$BATS_TEST_TMPDIR/r"
	assert_equal "$stderr" "recsplit: --numpy-seed: '-1': must not be negative"
	run -2 --separate-stderr recsplit -s 1 --numpy-seed 1 -o a -O b "$BATS_TEST_TMPDIR/r"
	assert_equal "$stderr" "recsplit: -s and --numpy-seed are two different shuffles: give one"
}

@test "recsplit --numpy-seed: RandomState(seed).permutation(30), seeds 0 and 2^32-1" {
	t=$BATS_TEST_TMPDIR
	index_records 30 "$t/r"
	# test part = perm[:15], training part = perm[15:]
	recsplit --numpy-seed 0 -t 0.5 -o "$t/a" -O "$t/b" "$t/r"
	assert_equal "$(cat <(names "$t/b") <(names "$t/a") | tr '\n' ' ')" \
	    "2 28 13 10 26 24 27 11 17 22 5 16 8 14 23 20 1 29 6 4 18 19 9 7 25 3 0 21 15 12 "
	recsplit --numpy-seed 4294967295 -t 0.5 -o "$t/a" -O "$t/b" "$t/r"
	assert_equal "$(cat <(names "$t/b") <(names "$t/a") | tr '\n' ' ')" \
	    "21 29 27 28 15 19 1 6 8 26 23 4 17 16 9 5 14 13 10 25 11 18 24 22 0 20 7 12 2 3 "
}

@test "recsplit --numpy-seed 42: train_test_split's 70,000 indices, first and last" {
	t=$BATS_TEST_TMPDIR
	index_records 70000 "$t/r"
	recsplit --numpy-seed 42 -t 0.2 -o "$t/train" -O "$t/test" "$t/r"
	names "$t/test" > "$t/test.txt"
	names "$t/train" > "$t/train.txt"
	assert_equal "$(wc -l < "$t/test.txt") $(wc -l < "$t/train.txt")" "14000 56000"
	assert_equal "$(head -n 8 "$t/test.txt" | tr '\n' ' ')" "46730 48393 41416 34506 43725 11615 24656 22411 "
	assert_equal "$(tail -n 8 "$t/test.txt" | tr '\n' ' ')" "12510 11310 14848 21525 16276 24390 28061 63452 "
	assert_equal "$(head -n 8 "$t/train.txt" | tr '\n' ' ')" "47339 67456 12308 32557 664 21003 29637 57937 "
	assert_equal "$(tail -n 8 "$t/train.txt" | tr '\n' ' ')" "16023 60263 44131 37194 6265 54886 860 15795 "
	# every index once
	assert_equal "$(cat "$t/test.txt" "$t/train.txt" | sort -n | uniq | wc -l)" 70000
}

@test "recsplit --numpy-seed: equals scikit-learn's train_test_split on every index" {
	have_sklearn || skip "scikit-learn (python3-sklearn) not installed"
	t=$BATS_TEST_TMPDIR
	index_records 70000 "$t/r"
	for seed in 42 7; do
		recsplit --numpy-seed $seed -t 0.2 -o "$t/train" -O "$t/test" "$t/r"
		names "$t/test" > "$t/test.txt"
		names "$t/train" > "$t/train.txt"
		/usr/bin/python3 - "$t" $seed <<'PY'
import sys
import numpy as np
from sklearn.model_selection import train_test_split
t, seed = sys.argv[1], int(sys.argv[2])
train, test = train_test_split(np.arange(70000), test_size=0.2, random_state=seed)
for name, part in (('train', train), ('test', test)):
    with open('%s/py-%s.txt' % (t, name), 'w') as f:
        f.write(''.join('%d\n' % i for i in part))
PY
		cmp "$t/test.txt" "$t/py-test.txt"
		cmp "$t/train.txt" "$t/py-train.txt"
	done
	# other sizes and fractions, against numpy's permutation itself
	index_records 1001 "$t/s"
	recsplit --numpy-seed 123 -t 0.37 -o "$t/a" -O "$t/b" "$t/s"
	cat <(names "$t/b") <(names "$t/a") > "$t/ours.txt"
	/usr/bin/python3 -c 'import numpy as np; print("\n".join(map(str, np.random.RandomState(123).permutation(1001))))' > "$t/np.txt"
	cmp "$t/ours.txt" "$t/np.txt"
	assert_equal "$(names "$t/b" | wc -l)" 371
}
