#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# lrtrain --features: a feature map in front of the softmax regression,
# named in the model file (digitpipe-model(5)) and applied by every reader.
bats_require_minimum_version 1.5.0
load helper

setup() {
	T=$BATS_TEST_TMPDIR
	TR=$T/train.rec
	idx2raw -n 2000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm > "$TR"
}

accuracy() {
	lrpredict -m "$1" "$2" | awk -F'\t' '{ n++; if ($2 == $3) r++ } END { printf "%.4f\n", r / n }'
}

@test "features: --features=list names the maps, the default first" {
	run -0 lrtrain --features=list
	assert_equal "$(printf '%s\n' "$output" | awk '{ print $1 }' | tr '\n' ' ')" "grad grad-coarse grad4 grad12 grad+pixels "
	assert_line --index 0 --partial "(the default)"
	run -2 --separate-stderr lrtrain --features=hog "$TR"
	assert_equal "$output" ""
	assert_equal "$stderr" "lrtrain: --features: 'hog': no such feature map (--features=list lists them)"
}

@test "features: the model names its map; without --features it stays format 1" {
	lrtrain -q -e 2 --features -o "$T/f" "$TR"
	assert_equal "$(sed -n '1p;5,8p' "$T/f")" "digitpipe-model 2
features grad 1
feature-map orientations 8 cells 14 7 4 pixels 0
dim 1936
scale 0.0039215686274509803"
	# 10 classes of 1936 weights and a bias
	[ "$(sed -n '/^weights$/,$p' "$T/f" | sed 1d | wc -l)" -eq 10 ]
	[ "$(tail -n 1 "$T/f" | wc -w)" -eq 1937 ]
	lrtrain -q -e 2 --features=grad-coarse -o "$T/c" "$TR"
	grep -qx 'feature-map orientations 8 cells 14 7 pixels 0' "$T/c"
	grep -qx 'dim 584' "$T/c"
	[ "$(tail -n 1 "$T/c" | wc -w)" -eq 585 ]
	lrtrain -q -e 2 -o "$T/p" "$TR"
	assert_equal "$(head -n 1 "$T/p")" "digitpipe-model 1"
	run ! grep -q '^features' "$T/p"
}

@test "features: deterministic: -j1 = -j2, pipe = file, every kernel" {
	lrtrain -q -e 3 -j 1 --features -o "$T/a" "$TR"
	lrtrain -q -e 3 -j 2 --features -o "$T/b" "$TR"
	cmp "$T/a" "$T/b"
	cat "$TR" | lrtrain -q -e 3 --features > "$T/c"
	cmp "$T/a" "$T/c"
	DIGITPIPE_KERNEL=avx2 lrtrain -q -e 3 --features -o "$T/d" "$TR"
	DIGITPIPE_KERNEL=generic lrtrain -q -e 3 --features -o "$T/e" "$TR"
	cmp "$T/a" "$T/d"
	cmp "$T/a" "$T/e"
	# a map whose rows need padding (584 bytes, trained as 672)
	lrtrain -q -e 3 -j 1 --features=grad-coarse -o "$T/f" "$TR"
	lrtrain -q -e 3 -j 2 --features=grad-coarse -o "$T/g" "$TR"
	cmp "$T/f" "$T/g"
}

@test "features: beat the pixels on the same 2000 records (500 test records)" {
	idx2raw -n 500 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$T/test.rec"
	lrtrain -q -o "$T/p" "$TR"
	lrtrain -q --features -o "$T/f" "$TR"
	p=$(accuracy "$T/p" "$T/test.rec")
	f=$(accuracy "$T/f" "$T/test.rec")
	echo "pixels $p, features $f"
	awk -v p="$p" -v f="$f" 'BEGIN { exit !(f >= 0.93 && f > p + 0.02) }'
	# the model applies the map by itself, from a file or stdin
	lrpredict -m "$T/f" "$T/test.rec" > "$T/o1"
	lrpredict -m - "$T/test.rec" < "$T/f" > "$T/o2"
	cmp "$T/o1" "$T/o2"
}

@test "features: lrshow refuses a feature model (no weight pictures)" {
	lrtrain -q -e 1 --features -o "$T/f" "$TR"
	run -1 --separate-stderr lrshow -m "$T/f" -o "$T/w.png"
	assert_data_error lrshow
	assert_equal "$stderr" "lrshow: $T/f: a feature model: its weights are not per pixel, so not a picture (lrshow --features draws a record's features)"
	[ ! -e "$T/w.png" ]
}

@test "features: lrpredict -j: the same lines for 1, 2 and 3 threads, in input order" {
	idx2raw -n 700 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$T/test.rec"
	lrtrain -q -e 2 --features -o "$T/f" "$TR"
	lrpredict -p -j 1 -m "$T/f" "$T/test.rec" "$TR" > "$T/j1"
	lrpredict -p -j 2 -m "$T/f" "$T/test.rec" "$TR" > "$T/j2"
	lrpredict -p --threads=3 -m "$T/f" "$T/test.rec" "$TR" > "$T/j3"
	cmp "$T/j1" "$T/j2"
	cmp "$T/j1" "$T/j3"
	# one line per record, numbered across both files (2700 records)
	[ "$(wc -l < "$T/j1")" -eq 2700 ]
	assert_equal "$(cut -f1 "$T/j1" | sed -n '1p;700p;701p;2700p' | tr '\n' ' ')" "1 700 701 2700 "
	run -2 --separate-stderr lrpredict -j 0 -m "$T/f" "$T/test.rec"
	assert_equal "$output" ""
}

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

@test "features: lrshow --features draws a record and its cells' direction stars" {
	idx2raw -n 3 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$T/3.rec"
	run -0 lrshow --features -o "$T/a.png" "$T/3.rec"
	assert_output ""
	# the record and three cell sizes: 4 panels of 280 + 24 px, 74 px of titles
	run -0 pngpix "$T/a.png"
	assert_output "1240 418"
	# the record's panel: pixel (row 14, column 14) in grey, 10 px a pixel
	p=$(rec2csv "$T/3.rec" | awk -F, 'NR == 2 { print $(2 + 14 * 28 + 14) }')
	g=$(printf '%02x' $((255 - p)))
	run -0 pngpix "$T/a.png" $((24 + 14 * 10 + 5)) $((74 + 14 * 10 + 5))
	assert_output "$g$g$g"
	# a corner cell of the 14-pixel level holds no ink: nothing drawn there
	run -0 pngpix "$T/a.png" $((24 + 304 + 3)) $((74 + 3))
	assert_output ffffff
	# the same record from stdin gives the same bytes; another record differs
	lrshow --features -o "$T/b.png" < "$T/3.rec"
	cmp "$T/a.png" "$T/b.png"
	lrshow --features -n 2 -o "$T/c.png" "$T/3.rec"
	run ! cmp -s "$T/a.png" "$T/c.png"
	# a map of two cell sizes: three panels
	lrshow --features=grad-coarse -o "$T/d.png" "$T/3.rec"
	run -0 pngpix "$T/d.png"
	assert_output "936 418"
}

@test "features: lrshow --features refuses what it cannot draw" {
	idx2raw -n 3 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$T/3.rec"
	run -1 --separate-stderr lrshow --features -n 5 -o "$T/a.png" "$T/3.rec"
	assert_equal "$stderr" "lrshow: $T/3.rec: 3 records, no record 5"
	[ ! -e "$T/a.png" ]
	run -2 --separate-stderr lrshow --features=hog -o "$T/a.png" "$T/3.rec"
	assert_equal "$stderr" "lrshow: --features: 'hog': no such feature map (lrtrain --features=list lists them)"
	run -2 lrshow --features -m "$T/m" -o "$T/a.png" "$T/3.rec"
	run -2 lrshow --features -n 0 -o "$T/a.png" "$T/3.rec"
	[ ! -e "$T/a.png" ]
}

@test "features: the map's bytes are its formulas (tests/featmap.awk), read back through lrpredict" {
	# 27 features of every level: a model whose class k (1..9) has the
	# one weight 1 on feature J_k, scale 0.01 and no bias, so that
	# z_k = f_Jk / 100 = ln(p_k / p_0): lrpredict -p gives each f_Jk back.
	idx2raw -n 3 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$T/3.rec"
	for set in 0,5,17,40,71,72,99,250,583 584,600,777,901,1033,1234,1500,1777,1935 300,301,302,303,304,305,306,307,1100; do
		awk -v idx="$set" 'BEGIN { n = split(idx, J, ",")
		    printf "digitpipe-model 2\nclasses 10\nwidth 28\nheight 28\n"
		    printf "features grad 1\nfeature-map orientations 8 cells 14 7 4 pixels 0\ndim 1936\n"
		    printf "scale 0.01\nweights\n"
		    for (k = 0; k < 10; k++) {
			for (j = 0; j < 1936; j++) printf "%s ", (k > 0 && J[k] == j) ? 1 : 0
			print 0 } }' > "$T/m"
		for r in 1 2 3; do
			dd if="$T/3.rec" bs=1024 skip=$((r - 1)) count=1 2> /dev/null > "$T/r.rec"
			rec2csv "$T/r.rec" | awk -f "$TOP/tests/featmap.awk" -v idx="$set" > "$T/want"
			lrpredict -p -m "$T/m" "$T/r.rec" | awk -F'\t' -v idx="$set" '{
			    n = split(idx, J, ",")
			    for (k = 1; k <= n; k++) { z = log($(5 + k) / $5) * 100
				printf "%d %d\n", J[k], int(z + 0.5) } }' > "$T/got"
			diff "$T/want" "$T/got"
		done
	done
	# and they are not all zero: the test can fail
	[ "$(awk '$2 > 0' "$T/want" | wc -l)" -gt 0 ]
}
