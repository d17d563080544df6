#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Nothing lost: every write error is reported (a full disk) or quiet (a
# reader that went away), outputs are atomic, an interrupted lrtrain keeps
# the previous model, and a model file means the same on every machine,
# whatever its locale (a golden model and its predictions are committed).
bats_require_minimum_version 1.5.0
load helper

setup() {
	T=$BATS_TEST_TMPDIR
	idx2raw -n 300 "$TEST_IMG" "$TEST_LBL" > "$T/s.rec"
}

# full PROG CMD...: CMD (a shell line) writing to a full disk fails with
# exit 1 and the one line "PROG: WHAT: No space left on device".
full() {
	local prog=$1
	shift
	echo "# $*"
	run -1 --separate-stderr sh -c "$*"
	[ -z "$output" ] || { echo "stdout: $output" >&2; return 1; }
	[[ "$stderr" =~ ^$prog:\ [^$'\n']*:\ No\ space\ left\ on\ device$ ]] ||
		{ echo "stderr: $stderr" >&2; return 1; }
}

@test "durability: a full disk (/dev/full) is an error in every tool" {
	lrtrain -q -e 1 -o "$T/m" "$T/s.rec"
	lrpredict -m "$T/m" "$T/s.rec" > "$T/pred"
	rec2csv "$T/s.rec" > "$T/s.csv"
	full idx2raw "idx2raw -n 10 '$TEST_IMG' > /dev/full"
	full rec2csv "rec2csv '$T/s.rec' > /dev/full"
	full rec2csv "rec2csv -r '$T/s.csv' > /dev/full"
	full recsplit "recsplit -o /dev/full -O '$T/test.rec' '$T/s.rec'"
	full recsplit "recsplit -o '$T/train.rec' -O /dev/full '$T/s.rec'"
	[ ! -e "$T/test.rec" ] && [ ! -e "$T/train.rec" ]
	full lrtrain "lrtrain -q -e 1 '$T/s.rec' > /dev/full"
	full lrtrain "lrtrain -q -e 1 -o /dev/full '$T/s.rec'"
	full lrpredict "lrpredict -m '$T/m' '$T/s.rec' > /dev/full"
	full confmat "confmat '$T/pred' > /dev/full"
	full imgnorm "imgnorm '$T/s.rec' > /dev/full"
	full imgnorm "imgnorm --ascii '$T/s.rec' > /dev/full"
	full imgnorm "imgnorm --png /dev/full '$T/s.rec' > /dev/null"
	if command -v lrshow >/dev/null; then
		full lrshow "lrshow -m '$T/m' > /dev/full"
		full lrshow "lrshow -m '$T/m' -o /dev/full"
	fi
	if command -v recsheet >/dev/null; then
		full recsheet "recsheet '$T/s.rec' > /dev/full"
		full recsheet "recsheet -a '$T/s.rec' > /dev/full"
	fi
}

# quiet CMD...: CMD (a shell line) piped into head -c 1 exits 0, says nothing.
quiet() {
	echo "# $*"
	run -0 --separate-stderr bash -c "$* | head -c 1 > /dev/null; exit \${PIPESTATUS[0]}"
	assert_equal "$stderr" ""
}

@test "durability: a closed pipe (| head) is a quiet exit 0 in every tool" {
	# Outputs well over a pipe buffer (64 KiB), so the writer sees EPIPE.
	idx2raw -n 3000 "$TEST_IMG" "$TEST_LBL" > "$T/big.rec"
	lrtrain -q -e 1 -o "$T/m" "$T/s.rec"
	rec2csv "$T/s.rec" > "$T/s.csv"
	quiet "idx2raw '$TEST_IMG'"
	quiet "rec2csv '$T/big.rec'"
	quiet "rec2csv -r '$T/s.csv'"
	quiet "lrtrain -q -e 1 '$T/s.rec'"
	quiet "lrpredict -p -m '$T/m' '$T/big.rec'"
	lrpredict -m "$T/m" "$T/big.rec" > "$T/pred"
	for i in 1 2 3 4 5 6 7 8 9 10; do cat "$T/pred"; done > "$T/bigpred"
	quiet "confmat '$T/bigpred'"
	quiet "imgnorm '$T/big.rec'"
	quiet "imgnorm --ascii '$T/big.rec'"
	if command -v lrshow >/dev/null; then
		quiet "lrshow -m '$T/m'"
	fi
	if command -v recsheet >/dev/null; then
		quiet "recsheet '$T/big.rec'"
	fi
}

@test "durability: an output that cannot be created is one line, and nothing is made" {
	mkdir "$T/d"
	mv "$T/s.rec" "$T/d/s.rec"
	T=$T/d
	run -1 --separate-stderr lrtrain -q -e 1 -o "$T/no/such/m" "$T/s.rec"
	assert_data_error lrtrain
	assert_equal "$stderr" "lrtrain: $T/no/such/m: No such file or directory"
	run -1 --separate-stderr recsplit -o "$T/a.rec" -O "$T/no/b.rec" "$T/s.rec"
	assert_data_error recsplit
	[ ! -e "$T/a.rec" ]
	run -1 --separate-stderr sh -c "imgnorm --png '$T/no/x.png' '$T/s.rec' > /dev/null"
	[[ "$stderr" == "imgnorm: $T/no/x.png: No such file or directory" ]]
	run -0 ls -A "$T"
	assert_output "$(printf 's.rec')"
}

@test "durability: a failed lrtrain leaves the previous model as it was" {
	mkdir "$T/out"
	lrtrain -q -e 1 -o "$T/out/m" "$T/s.rec"
	cp "$T/out/m" "$T/prev"
	run -1 --separate-stderr lrtrain -q -e 1 -o "$T/out/m" "$TOP/tests/malformed/records/bad-label"
	cmp "$T/prev" "$T/out/m"
	# Interrupted while still reading its input from a pipe.
	mkfifo "$T/fifo"
	lrtrain -q -e 1 -o "$T/out/m" < "$T/fifo" &
	pid=$!
	exec 7> "$T/fifo"
	head -c 10240 "$T/s.rec" >&7
	sleep 0.3
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	exec 7>&-
	assert_equal "$rc" 130
	cmp "$T/prev" "$T/out/m"
	run -0 ls -A "$T/out"
	assert_output "m"
}

@test "durability: the golden model predicts the committed lines, to the last digit" {
	idx2raw -n 20 "$TEST_IMG" "$TEST_LBL" > "$T/t20.rec"
	run -0 lrpredict -p -m "$FIX/golden.model" "$T/t20.rec"
	assert_output "$(cat "$FIX/golden.pred")"
	# The same from stdin, and from the fixture without labels.
	run -0 sh -c "lrpredict -p -m - '$T/t20.rec' < '$FIX/golden.model'"
	assert_output "$(cat "$FIX/golden.pred")"
	run -0 sh -c "idx2raw '$FIX/two-images.idx' | lrpredict -m '$FIX/golden.model'"
	assert_output "$(head -n 2 "$FIX/golden.pred" | cut -f 1,3,4 | sed 's/\t/\t-\t/')"
}

@test "durability: a comma-decimal locale (de_DE.UTF-8) changes no output" {
	command -v localedef >/dev/null && [ -e /usr/share/i18n/locales/de_DE ] ||
		skip_or_fail "no localedef or de_DE source: install Debian's locales"
	# Built here, no root needed: LOCPATH points the C library at it.
	mkdir "$T/loc"
	localedef -i de_DE -f UTF-8 "$T/loc/de_DE.UTF-8" 2>/dev/null ||
		[ -d "$T/loc/de_DE.UTF-8" ]
	de() { LOCPATH=$T/loc LC_ALL=de_DE.UTF-8 "$@"; }
	# The locale is live: a program that honours it prints a comma.
	run -0 de /usr/bin/printf '%.1f' 0.5
	assert_output "0,5"
	mkdir "$T/c" "$T/de"
	for d in c de; do
		if [ $d = c ]; then run_in() { LC_ALL=C "$@"; }; else run_in() { de "$@"; }; fi
		run_in lrtrain -q -e 2 -o "$T/$d/sgd.model" "$T/s.rec"
		run_in lrtrain -q -x -e 20 -o "$T/$d/lbfgs.model" "$T/s.rec"
		run_in lrpredict -p -m "$FIX/golden.model" "$T/s.rec" > "$T/$d/pred"
		run_in lrpredict -p -m "$T/$d/lbfgs.model" "$T/s.rec" > "$T/$d/pred2"
		run_in confmat "$T/$d/pred" > "$T/$d/confmat"
		run_in rec2csv "$T/s.rec" > "$T/$d/s.csv"
		run_in rec2csv -r "$T/$d/s.csv" > "$T/$d/back.rec"
		run_in imgnorm "$T/s.rec" > "$T/$d/norm.rec"
	done
	for f in sgd.model lbfgs.model pred pred2 confmat s.csv back.rec norm.rec; do
		cmp "$T/c/$f" "$T/de/$f"
	done
	cmp "$T/s.rec" "$T/de/back.rec"
	# A model written in the comma locale loads in C, and the other way.
	run -0 diff <(lrpredict -m "$T/de/lbfgs.model" "$T/s.rec") \
	    <(de lrpredict -m "$T/c/lbfgs.model" "$T/s.rec")
}
