#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The tools on small inputs, good and bad, under valgrind: no invalid read
# or write, no use of uninitialised memory, no definite leak. Skipped for
# a sanitizer build (valgrind cannot run one) and without valgrind.
bats_require_minimum_version 1.5.0
load helper

setup() {
	command -v valgrind >/dev/null || skip_or_fail "valgrind is not installed"
	grep -q AddressSanitizer "$DP_BIN/idx2raw" &&
		skip "a sanitizer build: make check covers it"
	T=$BATS_TEST_TMPDIR
	cd "$TOP" || return 1
	idx2raw -n 60 "$TEST_IMG" "$TEST_LBL" > "$T/s.rec"
}

# vg STATUS CMD...: run CMD under valgrind, stdout to $T/out; it must exit
# STATUS, and valgrind must have nothing to say (it would exit 99).
vg() {
	local want=$1
	shift
	run --separate-stderr sh -c 'out=$1; shift; exec valgrind -q \
	    --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite "$@" > "$out"' vg "$T/out" "$@"
	if [ "$status" -ne "$want" ]; then
		echo "exit $status, expected $want: $*" >&2
		printf '%s\n' "$stderr" | head -n 40 >&2
		return 1
	fi
}

@test "valgrind: idx2raw, rec2csv both ways, recsplit" {
	vg 0 idx2raw -n 20 "$TEST_IMG" "$TEST_LBL"
	vg 0 idx2raw -n 5 -k 1 "$FIX/two-images.idx"
	gzip -c "$FIX/two-images.idx" > "$T/two.idx.gz"
	vg 0 idx2raw "$T/two.idx.gz"
	vg 1 idx2raw tests/malformed/idx/gzip-corrupt
	vg 1 idx2raw "$FIX/two-images.idx" tests/malformed/labels/label-10
	vg 0 rec2csv "$T/s.rec"
	cp "$T/out" "$T/s.csv"
	vg 0 rec2csv -r "$T/s.csv"
	vg 1 rec2csv -r tests/malformed/csv/unterminated-quote
	vg 1 rec2csv tests/malformed/records/truncated
	vg 0 recsplit -s 7 -o "$T/a.rec" -O "$T/b.rec" "$T/s.rec"
	vg 1 recsplit -o "$T/c.rec" -O "$T/d.rec" tests/malformed/records/bad-label
}

@test "valgrind: lrtrain (SGD and L-BFGS, two threads), lrpredict, confmat" {
	vg 0 lrtrain -q -e 2 -j 2 -o "$T/sgd.model" "$T/s.rec"
	vg 0 lrtrain -q -x -e 5 -j 2 -o "$T/lbfgs.model" "$T/s.rec"
	vg 1 lrtrain -q -e 1 -o "$T/bad.model" tests/malformed/records/bad-magic
	vg 0 lrpredict -p -m "$T/sgd.model" "$T/s.rec"
	cp "$T/out" "$T/pred.tsv"
	for f in tests/malformed/models/nan-weight tests/malformed/models/too-many-keys \
	    tests/malformed/models/trailing-data; do
		vg 1 lrpredict -m "$f" "$T/s.rec"
	done
	vg 0 confmat "$T/pred.tsv"
	vg 1 confmat tests/malformed/predictions/prob-nan
}

@test "valgrind: imgnorm on pictures and records, good and bad" {
	set -- tests/testset/0-clean-004.png tests/testset/0-interlaced-020.png \
	    tests/testset/0-g16-015.png tests/testset/0-alpha-021.png \
	    tests/testset/0-exif6-036.jpg tests/testset/0-cmyk-031.jpg
	for f in "$@"; do
		[ -f "$f" ] || skip_or_fail "$f is missing"
	done
	vg 0 imgnorm "$@"
	vg 0 imgnorm --naive "$@"
	vg 0 imgnorm --ascii "$T/s.rec"
	vg 1 imgnorm tests/malformed/pictures/png-bad-crc \
	    tests/malformed/pictures/jpeg-truncated tests/malformed/pictures/png-huge
}

@test "valgrind: lrserve answers pages, predictions and bad requests, then stops" {
	command -v lrserve >/dev/null || skip_or_fail "lrserve is not built"
	command -v curl >/dev/null || skip_or_fail "curl is not installed"
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite lrserve -p 0 -m "$FIX/golden.model" \
	    > "$T/url" 2> "$T/err" 3>&- &
	pid=$!
	for _ in $(seq 200); do
		[ -s "$T/url" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	url=$(cat "$T/url")
	[[ "$url" =~ ^http://127\.0\.0\.1:[0-9]+/$ ]] ||
		{ kill "$pid"; echo "no URL: $(cat "$T/err")" >&2; return 1; }
	c() { curl -sS -o /dev/null -w '%{http_code} ' "$@"; }
	codes=$(c "$url"; c "${url}healthz"; c "${url}api/model"; c "${url}nope"
		c -X DELETE "${url}api/predict"
		c -H 'Content-Type: image/png' --data-binary @tests/testset/0-clean-004.png "${url}api/predict"
		c -H 'Content-Type: image/jpeg' --data-binary @tests/testset/0-exif6-036.jpg "${url}api/predict"
		c -H 'Content-Type: image/png' --data-binary @tests/malformed/pictures/png-bad-crc "${url}api/predict"
		c -H 'Content-Type: image/png' --data-binary @tests/malformed/pictures/png-huge "${url}api/predict"	# the pixel cap: 413
		c -H 'Content-Type: text/plain' --data-binary @"$T/s.rec" "${url}api/predict")
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	echo "codes: $codes" >&2
	assert_equal "$codes" "200 200 200 404 405 200 200 400 413 415 "
	[ "$rc" -eq 0 ] || { echo "exit $rc: $(cat "$T/err")" >&2; return 1; }
}
