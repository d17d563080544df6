#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# What the lessons rely on: lrtrain says when it stopped early and which
# epoch it kept, lrcurve marks it and draws several runs in one picture.
bats_require_minimum_version 1.5.0
load helper

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

setup() {
	R=$BATS_TEST_TMPDIR/r.rec
	idx2raw -n 2000 "$TRAIN_IMG" "$TRAIN_LBL" > "$R"
}

@test "lrtrain -v --holdout: says it stopped early and which epoch it kept" {
	run -0 --separate-stderr lrtrain -v --holdout 0.2 --patience 1 -e 30 -o "$BATS_TEST_TMPDIR/m" "$R"
	printf '%s\n' "$stderr" > "$BATS_TEST_TMPDIR/log"
	line=$(grep 'stopped early' "$BATS_TEST_TMPDIR/log")
	[[ "$line" =~ ^lrtrain:\ stopped\ early\ after\ epoch\ ([0-9]+)\ of\ 30:\ no\ held-out\ progress\ for\ 1\ epochs\;\ kept\ epoch\ ([0-9]+)\ \(held-out\ (0\.[0-9]{4})\)$ ]]
	last=${BASH_REMATCH[1]} kept=${BASH_REMATCH[2]} acc=${BASH_REMATCH[3]}
	# the kept epoch is the last one before the stop, and its held-out
	# accuracy is the one its progress line printed
	assert_equal "$kept" $((last - 1))
	grep -q "^lrtrain: epoch $kept/30: .* held-out $acc " "$BATS_TEST_TMPDIR/log"
	# the model says how many epochs ran
	grep -qx "epochs $last" "$BATS_TEST_TMPDIR/m"
	# a full run says so
	run -0 --separate-stderr lrtrain -v --holdout 0.2 -e 2 -o "$BATS_TEST_TMPDIR/m" "$R"
	[[ "$stderr" == *"lrtrain: ran all 2 epochs; kept epoch "[12]" (held-out 0."* ]]
	# quiet and without -v: nothing
	run -0 --separate-stderr lrtrain -q --holdout 0.2 -e 2 -o "$BATS_TEST_TMPDIR/m" "$R"
	assert_equal "$stderr" ""
}

@test "lrcurve: marks the kept epoch; two or three logs in one picture" {
	t=$BATS_TEST_TMPDIR
	lrtrain -v --holdout 0.2 --patience 1 -e 30 -o "$t/m" "$R" 2> "$t/a.log"
	lrcurve -o "$t/a.png" "$t/a.log"
	grep -v 'kept epoch' "$t/a.log" | lrcurve -o "$t/b.png"
	# the mark changes the picture; without it the picture is as before
	run -1 cmp -s "$t/a.png" "$t/b.png"
	lrtrain -v -e 3 --lr 0.5 -o "$t/m" "$R" 2> "$t/x.log"
	lrtrain -v -e 5 -o "$t/m" "$R" 2> "$t/y.log"
	lrcurve -o "$t/three.png" "$t/a.log" "$t/x.log" "$t/y.log"
	run -0 pngpix "$t/three.png"
	assert_output "1280 500"
	run -2 --separate-stderr lrcurve -o "$t/four.png" "$t/a.log" "$t/x.log" "$t/y.log" "$t/y.log"
	assert_equal "$stderr" "lrcurve: at most 3 logs in one picture (4 given)"
	lrtrain -v -x -e 60 -o "$t/m" "$R" 2> "$t/l.log"
	run -1 --separate-stderr lrcurve -o "$t/mixed.png" "$t/x.log" "$t/l.log"
	assert_equal "$stderr" "lrcurve: cannot draw SGD and L-BFGS logs in one picture"
	[ ! -e "$t/mixed.png" ] && [ ! -e "$t/four.png" ]
}

@test "imgnorm: refuses to write records to a terminal, as recsheet does" {
	command -v script > /dev/null || skip "script(1) (bsdutils) not installed"
	run -2 script -qec "imgnorm '$FIX/web/seven.png'" /dev/null
	assert_output --partial "imgnorm: stdout is a terminal: records are binary; redirect them (> x.rec), pipe them (| lrpredict -m model), or give --ascii"
	# --ascii is for the terminal
	run -0 script -qec "imgnorm --ascii '$FIX/web/seven.png'" /dev/null
	assert_output --partial "# $FIX/web/seven.png"
}

@test "imgnorm: a name longer than 235 bytes keeps its end and says so, once" {
	t=$BATS_TEST_TMPDIR
	d=$t/$(printf 'd%.0s' $(seq 1 240))
	mkdir "$d"
	cp "$FIX/web/seven.png" "$d/seven.png"
	cp "$FIX/web/two.jpg" "$d/two.jpg"
	run -0 --separate-stderr sh -c 'imgnorm "$1" "$2" > "$3"' sh "$d/seven.png" "$d/two.jpg" "$t/r.rec"
	assert_equal "$stderr" "imgnorm: $d/seven.png: name longer than 235 bytes: the records keep its last 235 (said once)"
	names=$(rec2csv -H "$t/r.rec" | awk -F, '{ print length($NF) }' | tr '\n' ' ')
	assert_equal "$names" "235 235 "
	[[ "$(rec2csv -H "$t/r.rec" | head -n 1)" == *dd/seven.png ]]
	# -q: quiet
	run -0 --separate-stderr sh -c 'imgnorm -q "$1" > /dev/null' sh "$d/seven.png"
	assert_equal "$stderr" ""
}

@test "recsheet: your own pictures are captioned with their file names" {
	t=$BATS_TEST_TMPDIR
	(cd "$FIX/web" && imgnorm seven.png two.jpg) > "$t/own.rec"
	lrpredict -m "$FIX/golden.model" "$t/own.rec" > "$t/own.tsv"
	recsheet -p "$t/own.tsv" -o "$t/named.png" "$t/own.rec"
	# the same records renamed: another picture, the same size
	rec2csv "$t/own.rec" | sed '2s/,seven\.png$/,eight.png/' | rec2csv -r > "$t/renamed.rec"
	lrpredict -m "$FIX/golden.model" "$t/renamed.rec" > "$t/renamed.tsv"
	recsheet -p "$t/renamed.tsv" -o "$t/renamed.png" "$t/renamed.rec"
	run -1 cmp -s "$t/named.png" "$t/renamed.png"
	# without names, one caption line ("is P"), so a shorter sheet
	rec2csv "$t/own.rec" | sed '2,$s/,[^,]*$/,/' | rec2csv -r > "$t/anon.rec"
	lrpredict -m "$FIX/golden.model" "$t/anon.rec" > "$t/anon.tsv"
	recsheet -p "$t/anon.tsv" -o "$t/anon.png" "$t/anon.rec"
	run -0 pngpix "$t/named.png"
	assert_output "192 131"
	run -0 pngpix "$t/anon.png"
	assert_output "192 120"
}
