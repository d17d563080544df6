#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Every numbered example runs, in order, sharing one output directory as
# a learner would, and says what the lesson says.
bats_require_minimum_version 1.5.0
load helper

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
	export OUT=$BATS_FILE_TMPDIR/out
	mkdir -p "$OUT"
}

ex() {
	run -0 sh "$TOP/examples/$1"
}

# The accuracy of the last "accuracy 0.NNNN (...)" line, times 10000.
acc() {
	printf '%s\n' "$output" | sed -n 's/^accuracy 0\.\([0-9]\{4\}\) (.*/\1/p' | tail -n 1
}

@test "examples: each numbered example has a test here" {
	local f have
	have=$(grep -o '^@test "examples: [0-9][0-9]' "$BATS_TEST_FILENAME" |
		grep -o '[0-9][0-9]$' | sort -u | tr '\n' ' ')
	for f in "$TOP"/examples/[0-9][0-9]-*.sh; do
		f=$(basename "$f")
		[[ " $have " == *" ${f%%-*} "* ]] || { echo "no test for $f" >&2; return 1; }
	done
}

@test "examples: 01 looks at the bytes, the labels and the first digits" {
	ex 01-look.sh
	assert_line "0000000 00 00 08 03 00 00 27 10 00 00 00 1c 00 00 00 1c"
	assert_line --regexp '^label,pixel0,pixel1,pixel2,'
	assert_line "# - (label 7)"
	assert_line --regexp '^ *6742 1$'
	run -0 pngpix "$OUT/first100.png"
	assert_output "928 1128"
}

@test "examples: 02 normalizes all 70,000 digits" {
	ex 02-normalize.sh
	assert_line "60000 training records, 10000 test records"
	assert_line "before: as MNIST stores it"
	assert_line "after: imgnorm, centred by its mass and sheared upright"
	refute_line "# - (label 0)"
	run -0 pngpix "$OUT/before-after.png"
	assert_output "928 680"
}

@test "examples: 03 trains, and the loss falls" {
	ex 03-train.sh
	local first last
	first=$(printf '%s\n' "$output" | sed -n 's/^first \([0-9.]*\) last .*/\1/p')
	last=$(printf '%s\n' "$output" | sed -n 's/^first .* last \([0-9.]*\)$/\1/p')
	awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a && b < 0.25) }' ||
		{ echo "loss $first -> $last" >&2; return 1; }
	assert_line "records 60000"
	run -0 pngpix "$OUT/curve.png"
	assert_output "1280 500"
}

@test "examples: 04 evaluates: about 95% on the test set" {
	ex 04-evaluate.sh
	[ "$(acc)" -ge 9400 ] || { echo "accuracy 0.$(acc)" >&2; return 1; }
	assert_line --regexp '^ +[0-9]+ 9 taken for 4$'
	[ "$(wc -l < "$OUT/pred.tsv")" -eq 10000 ]
}

@test "examples: 05 draws the heatmap" {
	ex 05-heatmap.sh
	assert_line --regexp '^0:[0-9.]+% 1:.* 9:9[0-9.]+% $'
	run -0 pngpix "$OUT/heat.png"
	assert_output "1500 724"
}

@test "examples: 06 draws the weights and the mistakes" {
	ex 06-weights-and-mistakes.sh
	[ "$(acc)" -ge 9000 ] || { echo "accuracy 0.$(acc)" >&2; return 1; }
	run -0 pngpix "$OUT/weights.png"
	assert_output "1068 500"
	run -0 pngpix "$OUT/weights-smooth.png"
	assert_output "1068 500"
	# 60 mistakes, 12 a row
	run -0 pngpix "$OUT/mistakes.png"
	assert_output "1112 568"
}

@test "examples: 07 reads a photographed 3" {
	ex 07-your-picture.sh
	assert_line --regexp '^3-photo-[0-9]+\.jpg: a 3, p = 0\.9'
	assert_line --regexp '^  p\(9\) = 0\.[0-9]{6}$'
	assert_line --regexp '^# 3-photo-[0-9]+\.jpg \(label \?\)$'
}

@test "examples: 08 batches a directory with xargs -P" {
	ex 08-batch.sh
	assert_line --regexp '\.\.\. 40 pictures'
	local right
	right=$(printf '%s\n' "$output" | sed -n 's/^\([0-9]*\) of 40 right$/\1/p')
	[ "$right" -ge 32 ] || { echo "$right of 40" >&2; return 1; }
	if command -v parallel >/dev/null; then
		assert_line "same predictions"
	fi
	run -0 pngpix "$OUT/batch.png"
	assert_output "928 500"
}

@test "examples: 09 repeats the 80/20 experiment" {
	ex 09-split.sh
	assert_line "56000 to train on, 14000 to test on"
	assert_line --regexp '^accuracy 0\.9[0-9]{3} \([0-9]+/14000\)$'
	[ "$(acc)" -ge 9400 ]
}

@test "examples: 10 runs on Fashion-MNIST" {
	F=/usr/share/datasets/fashion-mnist
	if [ ! -f "$F/train-images-idx3-ubyte.gz" ]; then
		# Installed but not where the example looks: that is a failure.
		if dpkg-query -W -f='${Status}' dataset-fashion-mnist 2>/dev/null | grep -q 'ok installed'; then
			fail "dataset-fashion-mnist is installed, but $F has no train-images-idx3-ubyte.gz"
			return 1
		fi
		ex 10-fashion.sh
		assert_output --regexp '10: skipped: no Fashion-MNIST'
		skip_or_fail "no Fashion-MNIST (apt-get install dataset-fashion-mnist)"
	fi
	ex 10-fashion.sh
	refute_output --partial skipped
	[ "$(acc)" -ge 8000 ] || { echo "accuracy 0.$(acc)" >&2; return 1; }
	run -0 pngpix "$OUT/fashion-heat.png"
	assert_output "1500 724"
}

@test "examples: 11 serves the page and answers as the tools do" {
	ex 11-web.sh
	assert_line --regexp '^http://127\.0\.0\.1:[0-9]+/$'
	assert_line '{"status":"ok"}'
	assert_line --regexp '^\{"digit":7,"probability":0\.9[0-9]{5},"probabilities":\[.*\], "input": \[784 pixels\]\}$'
	assert_line "lrserve stopped, exit status 0"
	web=$(printf '%s\n' "$output" | sed -n 's/^{"digit":\([0-9]\),"probability":\([0-9.]*\),.*/\1 \2/p')
	cli=$(printf '%s\n' "$output" | awk -F'\t' 'NF == 12 { print $1 " " $2 }')
	assert_equal "$web" "$cli"
}

@test "examples: 14 teaches the model ten misread digits, the test set within half a point" {
	ex 14-your-handwriting.sh
	assert_line "10 digits"
	assert_line "0 of 10 right"
	assert_line "10 of 10 right"
	local d
	d=$(printf '%s\n' "$output" | sed -n 's/^a change of \([-+][0-9.]*\) points$/\1/p')
	awk -v d="$d" 'BEGIN { exit !(d > -0.5 && d < 0.5) }'
	[ "$(printf '%s\n' "$output" | grep -c '^imgnorm: ')" -eq 0 ]
}

@test "examples: 15 reads numbers, refuses two digits, and declines" {
	ex 15-numbers.sh
	assert_line --regexp '^decline 0\.[0-9]{6}$'
	# one line per picture, its digit count as the manifest's
	assert_line --regexp '^n001-clean-wide\.png	[0-9?]{2}	0\.[0-9]{6}	[0-9?]:0\.[0-9]{6}@[0-9]+,[0-9]+,[0-9]+,[0-9]+	[0-9?]:'
	assert_line --regexp '^n002-clean-tight\.png	[0-9?]{3}	'
	assert_line --regexp '^n009-photo-normal\.jpg	[0-9?]{3}	'
	assert_line "imgnorm: n001-clean-wide.png: 2 marks side by side, not one digit (to read them as a number: imgnorm --segment)"
	assert_line --regexp '^x002-cross\.png	-	[0-9?]	0\.[0-9]{6}$'
}

@test "examples: 16 declines marks that are not digits, answers digits" {
	ex 16-not-a-digit.sh
	assert_line --regexp '^notdigit-threshold 0\.[0-9]{6}$'
	assert_line --regexp '^gate-records 30000$'
	# the four marks declined with the gate, answered without it
	assert_equal "$(printf '%s\n' "$output" | grep -c '^tests/notdigit/x0[0-9]*-[a-z]*\.png	?	')" 4
	assert_equal "$(printf '%s\n' "$output" | grep -c '^tests/notdigit/x0[0-9]*-[a-z]*\.png	[0-9]	')" 4
	assert_equal "$(printf '%s\n' "$output" | grep -c '^tests/testset/\([378]\)-clean-[0-9]*\.png	\1	')" 6
}

@test "examples: a missing tool or data set is one clear message" {
	run -1 --separate-stderr env PATH=/usr/bin:/bin sh "$TOP/examples/01-look.sh"
	assert_equal "$stderr" 'examples: the digitpipe tools are not on PATH; try: PATH=$PWD/build/bin:$PATH'
	run -1 --separate-stderr env MNIST=$BATS_TEST_TMPDIR/none sh "$TOP/examples/01-look.sh"
	assert_equal "$stderr" "examples: no MNIST files in $BATS_TEST_TMPDIR/none; run: make mnist"
}

@test "examples: README's 'Learn by looking' commands draw every picture it shows" {
	local dir=$BATS_TEST_TMPDIR/readme pic
	mkdir -p "$dir"
	# the section's shell blocks, minus the build line (done already)
	sed -n '/^## Learn by looking/,/^## Examples/p' "$TOP/README.md" |
		awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on' |
		grep -v '^make && make mnist' |
		sed "s|^d=data/mnist\$|d=$MNIST|" > "$dir/run.sh"
	[ "$(wc -l < "$dir/run.sh")" -ge 8 ]
	(cd "$dir" && sh -e run.sh) > /dev/null 2>&1
	[ "$(grep -c '^!\[.*\](doc/pictures/.*\.png)$' "$TOP/README.md")" -eq 5 ]
	for pic in $(sed -n 's|^!\[.*\](doc/pictures/\(.*\.png\))$|\1|p' "$TOP/README.md"); do
		[ -f "$TOP/doc/pictures/$pic" ] || { echo "not committed: $pic" >&2; return 1; }
		run -0 pngpix "$dir/$pic"
		assert_output "$(pngpix "$TOP/doc/pictures/$pic")"
	done
}

@test "examples: 12 puts lrtrain beside scikit-learn, or says it skipped" {
	ex 12-beside-scikit-learn.sh
	local sgd exact
	sgd=$(printf '%s\n' "$output" | awk '/^lrtrain \(default, SGD\)/ { print $(NF - 2) }')
	exact=$(printf '%s\n' "$output" | awk '/^lrtrain --exact \(L-BFGS\)/ { print $(NF - 2) }')
	# SGD stops above the optimum that L-BFGS reaches
	awk -v s="$sgd" -v e="$exact" 'BEGIN { exit !(e > 0 && s > e) }' ||
		{ echo "objectives: SGD $sgd, exact $exact" >&2; return 1; }
	if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
		local sk
		sk=$(printf '%s\n' "$output" | awk '/^scikit-learn \(lbfgs, fit only\)/ { print $(NF - 2) }')
		# the same optimum, to 1e-6 of it, and the same accuracy
		awk -v s="$sk" -v e="$exact" 'BEGIN { d = (e - s) / s; exit !(d < 1e-6 && d > -1e-6) }' ||
			{ echo "objectives: exact $exact, scikit-learn $sk" >&2; return 1; }
		assert_equal "$(printf '%s\n' "$output" | awk '/^lrtrain --exact \(L-BFGS\)/ { print $(NF - 1) }')" \
		    "$(printf '%s\n' "$output" | awk '/^scikit-learn/ { print $(NF - 1) }')"
		assert_line --regexp '^lrtrain --exact minus scikit-learn: -?0\.[0-9]{4} \(-?[0-9.]+e-[0-9]+ of it\)$'
	else
		assert_line "12: skipped scikit-learn: python3-sklearn is not installed (apt-get install python3-sklearn)"
	fi
}

@test "examples: 13 draws three learning rates in one picture" {
	ex 13-learning-rate.sh
	assert_line --regexp '^--lr 0\.02: last epoch: epoch 12/12: loss 0\.[0-9]+ train 0\.[0-9]{4} [0-9.]+ s; t10k accuracy 0\.9[0-9]{3}$'
	assert_line --regexp '^-e 1: t10k accuracy 0\.9[0-9]{3}$'
	# the default rate beats both others on the test digits
	local a b c
	a=$(printf '%s\n' "$output" | sed -n 's/^--lr 0\.02: .*accuracy //p')
	b=$(printf '%s\n' "$output" | sed -n 's/^--lr 2: .*accuracy //p')
	c=$(printf '%s\n' "$output" | sed -n 's/^--lr 40: .*accuracy //p')
	awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN { exit !(b > a && b > c) }' ||
		{ echo "accuracies $a $b $c" >&2; return 1; }
	run -0 pngpix "$OUT/rates.png"
	assert_output "1280 500"
}
