#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The figures the README, the man pages and the examples quote are the
# ones the tools print: tests/figures.tsv says where each comes from,
# tests/figures-metrics runs the tools once, tests/figures-check compares.
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
	export METRICS=$BATS_FILE_TMPDIR/metrics
	sh "$TOP/tests/figures-metrics" "$MNIST" "$TOP/tests/fixtures" \
	    "$BATS_FILE_TMPDIR/work" > "$METRICS"
}

check() {
	perl "$TOP/tests/figures-check" "$TOP/tests/figures.tsv" "$METRICS" "$1"
}

# A scratch copy of the pages.
scratch() {
	S=$BATS_TEST_TMPDIR/pages
	mkdir -p "$S"
	cp -R "$TOP/README.md" "$TOP/man" "$TOP/examples" "$S/"
}

@test "figures: every figure the pages quote is what the tools print" {
	# each metric the table names was produced
	local n
	for n in $(grep -v '^#' "$TOP/tests/figures.tsv" | cut -f3 | tr ',' '\n' | grep -vx -- - | sort -u); do
		grep -q "^$n [0-9]" "$METRICS" || { echo "no metric $n" >&2; return 1; }
	done
	run -0 check "$TOP"
	assert_output ""
}

@test "figures: a figure that drifts fails, naming the page and the figure" {
	scratch
	sed -i 's/^\.Dl accuracy 0\.9578 (9578\/10000)$/.Dl accuracy 0.9587 (9578\/10000)/' "$S/man/confmat.1"
	n=$(grep -n '^\.Dl accuracy 0\.9587' "$S/man/confmat.1" | cut -d: -f1)
	run -1 check "$S"
	assert_output "man/confmat.1:$n: '.Dl accuracy 0.9587 (9578/10000)': 0.9587 where the tools print $(awk '$1 == "acc" { print $2 }' "$METRICS") (acc, tolerance 0)"
	# the probability digitpipe(7) used to show
	scratch
	p2=$(awk '$1 == "p2" { print $2 }' "$METRICS")
	sed -i "s/^2\t2\t2\t$p2\$/2\t2\t2\t0.995179/" "$S/man/digitpipe.7"
	run -1 check "$S"
	assert_output --regexp "^man/digitpipe\.7:[0-9]+: '2	2	2	0\.995179': 0\.995179 where the tools print $p2 \(p2, tolerance 0\)$"
}

@test "figures: a quoted figure that is gone, or one no row covers, fails" {
	scratch
	sed -i '/seven\.png\t-\t7\t/d' "$S/man/lrpredict.1"
	echo 'On my laptop it reaches 0.9912 in a blink.' >> "$S/README.md"
	run -1 check "$S"
	assert_line "man/lrpredict.1: the figure 'seven.png\t-\tN\tN' is not in the page"
	assert_line --regexp "^README\.md:[0-9]+: 'On my laptop it reaches 0\.9912 in a blink\.': a figure that no row of tests/figures\.tsv covers$"
	assert_equal "${#lines[@]}" 2
}

@test "figures: a time may move within its tolerance, and no further" {
	scratch
	secs=$(awk '$1 == "ep3_secs" { print $2 }' "$METRICS")
	doc=$(sed -n 's/^lrtrain: epoch 3\/20: .* held-out [0-9.]* \([0-9.]*\) s$/\1/p' "$S/man/lrtrain.1")
	near=$(awk -v s="$secs" 'BEGIN { printf "%.2f", s * 3 }')
	far=$(awk -v s="$secs" 'BEGIN { printf "%.2f", s * 11 }')
	sed -i "s/held-out \([0-9.]*\) $doc s\$/held-out \1 $near s/" "$S/man/lrtrain.1"
	grep -q " $near s\$" "$S/man/lrtrain.1"
	run -0 check "$S"
	sed -i "s/held-out \([0-9.]*\) $near s\$/held-out \1 $far s/" "$S/man/lrtrain.1"
	run -1 check "$S"
	assert_output --regexp "^man/lrtrain\.1:[0-9]+: 'lrtrain: epoch 3/20: .* $far s': $far where the tools print $secs \(ep3_secs, tolerance x10\)$"
}

@test "figures: make pictures redraws the README's pictures byte for byte" {
	sh "$TOP/scripts/pictures" "$DP_BIN" "$BATS_TEST_TMPDIR/pictures" 2> /dev/null
	local f bad=""
	for f in "$TOP"/doc/pictures/*.png; do
		cmp -s "$f" "$BATS_TEST_TMPDIR/pictures/$(basename "$f")" || bad="$bad $(basename "$f")"
	done
	assert_equal "$bad" ""
	# and every picture the README shows is one of them
	for f in $(grep -o 'doc/pictures/[a-z-]*\.png' "$TOP/README.md"); do
		[ -f "$BATS_TEST_TMPDIR/pictures/$(basename "$f")" ] || bad="$bad $f"
	done
	assert_equal "$bad" ""
}
