#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The README's make targets: demo, split-demo, install and uninstall with
# DESTDIR, run on the build under test (BUILD is DP_BIN's directory).
bats_require_minimum_version 1.5.0
load helper

setup() {
	T=$BATS_TEST_TMPDIR
	BUILD=$(basename "${DP_BIN%/bin}")
	[ "$DP_BIN" = "$TOP/$BUILD/bin" ] || skip "DP_BIN is not a build of this tree"
}

# mk ARGS...: make in the top directory with the build under test; MNIST
# is there already (-o: never fetched again here).
mk() {
	make -s -C "$TOP" --no-print-directory -o data/mnist/.verified BUILD="$BUILD" "$@"
}

@test "make demo: the pixel and the feature model on 60,000 digits, side by side on the 10,000 test digits" {
	run -0 --separate-stderr env DEMO_DIR="$T/demo" make -s -C "$TOP" --no-print-directory \
	    -o data/mnist/.verified BUILD="$BUILD" demo
	[ "$(grep -c . "$T/demo/t10k.tsv")" -eq 10000 ]
	[ "$(grep -c . "$T/demo/t10k-features.tsv")" -eq 10000 ]
	assert_equal "$(sed -n 's/^records //p' "$T/demo/mnist.model")" 60000
	assert_equal "$(sed -n 's/^records //p' "$T/demo/features.model")" 60000
	# each report's accuracy is its predictions' own, and the targets'
	acc() { awk -F'\t' '$2 == $3 { c++ } END { printf "accuracy %.4f (%d/%d)", c / NR, c, NR }' "$1"; }
	want=$(acc "$T/demo/t10k.tsv")
	wantf=$(acc "$T/demo/t10k-features.tsv")
	assert_line --index 0 "== the pixel model: softmax regression on the 784 pixels"
	assert_line --index 1 "$want"
	assert_line "== the feature model: softmax regression on gradient-orientation histograms"
	assert_line "$wantf"
	assert_line "confusion matrix (rows: true digit, columns: predicted)"
	[ "$(printf '%s\n' "$want" | cut -c12-15)" -ge 9550 ]
	[ "$(printf '%s\n' "$wantf" | cut -c12-15)" -ge 9800 ]
	# the table: both accuracies and training times
	assert_line --regexp "^pixels \(lrtrain\) +$(printf '%s' "$want" | cut -c10-15) +[0-9]+\.[0-9]{2}$"
	assert_line --regexp "^features \(lrtrain --features\) +$(printf '%s' "$wantf" | cut -c10-15) +[0-9]+\.[0-9]{2}$"
	[[ "$stderr" == *"demo: models in $T/demo/mnist.model and $T/demo/features.model"* ]]
}

@test "make split-demo: all 70,000 digits, a seeded 80/20 split; SEED= changes it" {
	# SKLEARN=no: scikit-learn's own fit of the same split takes minutes
	# (the figures test and make bench compare the two).
	run -0 --separate-stderr env SKLEARN=no DEMO_DIR="$T/a" make -s -C "$TOP" --no-print-directory \
	    -o data/mnist/.verified BUILD="$BUILD" split-demo
	assert_line --index 0 --regexp '^accuracy 0\.9[5-9][0-9]{2} \([0-9]+/14000\)$'
	assert_equal "$(wc -c < "$T/a/split-train.rec")" $((56000 * 1024))
	assert_equal "$(wc -c < "$T/a/split-test.rec")" $((14000 * 1024))
	assert_equal "$(sed -n 's/^records //p' "$T/a/split.model")" 56000
	# the model's answers on the held-out fifth give the reported line
	assert_line --index 0 "$(lrpredict -m "$T/a/split.model" "$T/a/split-test.rec" | confmat | head -n 1)"
	assert_line "  scikit-learn: skipped (SKLEARN=no)"
	run -0 --separate-stderr env SKLEARN=no DEMO_DIR="$T/b" make -s -C "$TOP" --no-print-directory \
	    -o data/mnist/.verified BUILD="$BUILD" split-demo SEED=7
	assert_line --index 0 --regexp '^accuracy 0\.9[5-9][0-9]{2} \([0-9]+/14000\)$'
	run -1 cmp -s "$T/a/split-test.rec" "$T/b/split-test.rec"
}

@test "make install and uninstall with DESTDIR and PREFIX" {
	R=$T/root
	mkdir -p "$R/usr/bin" && echo keep > "$R/usr/bin/other"
	run -0 mk install DESTDIR="$R" PREFIX=/usr
	tools=$(ls "$DP_BIN" | sort)
	assert_equal "$(ls "$R/usr/bin" | grep -vx other)" "$tools"
	for t in $tools; do
		cmp "$DP_BIN/$t" "$R/usr/bin/$t"
		[ -x "$R/usr/bin/$t" ]
		"$R/usr/bin/$t" --version | grep -q "^$t (digitpipe) "
	done
	for s in 1 5 7; do
		assert_equal "$(ls "$R/usr/share/man/man$s")" "$(cd "$TOP/man" && ls *.$s)"
	done
	# nothing else, and no temporary file left
	run -0 find "$R" -type f -name '*.tmp'
	assert_output ""
	assert_equal "$(find "$R" -type f | wc -l)" \
	    $(($(echo "$tools" | wc -l) + 1 + $(ls "$TOP"/man/*.[157] | wc -l)))
	# uninstall takes away what install put there, and only that
	run -0 mk uninstall DESTDIR="$R" PREFIX=/usr
	assert_equal "$(find "$R" -type f)" "$R/usr/bin/other"
}
