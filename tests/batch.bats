#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# A folder of pictures from the shell: every folder recipe of the manual
# (each "find photos ..." command in the man pages, remote hosts aside)
# and examples/08-batch.sh, run on a folder with hostile names (spaces,
# quotes, line breaks, tabs, backslashes, Unicode, a leading dash, any
# case of extension, none) and 1% files that are no pictures: every
# picture classified exactly once, every other file named on stderr.
bats_require_minimum_version 1.5.0
load helper

# Names of the pictures: NNN- and one of these (cycled), some in a
# subfolder; d: a PNG of a test digit, j: a JPEG of a 2.
NAMES=(
	'a b.png' "it's.png" 'say "hi".PNG' $'new\nline.jpg' 'ünï©ødé 数字.Jpeg'
	'back\slash.png' $'tab\there.png' '-dash.png' 'star*.png' 'per%d.png'
	'semi;colon.png' 'brace{}.png' 'dollar$HOME.png' 'noext' 'UPPER.JPG'
	'x.jpeg' ' lead.png' 'trail .png' $'cr\r.png' 'sub dir/inner.png'
)
N=200

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

setup_file() {
	D=$BATS_FILE_TMPDIR
	idx2raw -n 5000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q -o "$D/mnist.model"
	idx2raw -n 20 "$TEST_IMG" "$TEST_LBL" > "$D/test.rec"
	for i in $(seq 0 19); do
		dd if="$D/test.rec" bs=1024 skip="$i" count=1 status=none |
			imgnorm --png "$D/d$i.png" > /dev/null
	done
	mkdir -p "$D/photos/sub dir"
	: > "$D/want.names"
	for i in $(seq 0 $((N - 3))); do
		name=${NAMES[$((i % ${#NAMES[@]}))]}
		case $name in
		*/*) f="$D/photos/${name%%/*}/$(printf %03d "$i")-${name#*/}" ;;
		*) f="$D/photos/$(printf %03d "$i")-$name" ;;
		esac
		if [ $((i % 3)) -eq 0 ]; then
			cp "$FIX/web/two.jpg" "$f"
		else
			cp "$D/d$((i % 20)).png" "$f"
		fi
		# The name lrpredict prints: line breaks became '?' in the
		# record, then backslashes and tabs are escaped.
		e=${f#"$D/"}
		e=${e//$'\n'/?}
		e=${e//$'\r'/?}
		e=${e//\\/\\\\}
		e=${e//$'\t'/\\t}
		printf '%s\n' "$e" >> "$D/want.names"
	done
	# 1%: a text file named like a picture, a truncated JPEG.
	echo 'not a picture' > "$D/photos/broken 1.png"
	head -c 300 "$FIX/web/two.jpg" > "$D/photos/broken"$'\n''2.JPG'
	sort -o "$D/want.names" "$D/want.names"
}

# The recipe's lrpredict output in $1 and stderr in $2 against the folder.
check_predictions() {
	[ "$(wc -l < "$1")" -eq $((N - 2)) ] || { echo "$(wc -l < "$1") lines" >&2; return 1; }
	cut -f 1 "$1" | sort > "$BATS_TEST_TMPDIR/got.names"
	diff "$BATS_FILE_TMPDIR/want.names" "$BATS_TEST_TMPDIR/got.names"
	# Each picture's digit: the copies of two.jpg are 2s.
	[ "$(awk -F'\t' '$3 == 2' "$1" | wc -l)" -ge $(((N - 2) / 3)) ]
	check_stderr "$2"
}

# Both files that are no pictures named on stderr, and nothing else.
check_stderr() {
	local err
	err=$(cat "$1")
	[[ "$err" == *"imgnorm: photos/broken 1.png: not a PNG or JPEG picture"* ]]
	[[ "$err" == *"imgnorm: photos/broken"$'\n'"2.JPG: truncated JPEG"* ]]
	[ "$(grep -c '^imgnorm: ' "$1")" -eq 2 ]
}

@test "batch: every folder recipe of the manual classifies each picture once and names the others" {
	command -v parallel >/dev/null || skip "no GNU parallel"
	cd "$BATS_FILE_TMPDIR"
	# Each recipe: a literal line starting "find photos" (after "$ " or
	# not) and its continuation lines (ending in | or \e), remote hosts
	# (-S) aside.
	for m in "$TOP"/man/*.[157]; do
		awk '/^\.Bd -literal/ { lit = 1; next } /^\.Ed/ { lit = 0; cont = 0; next }
			!lit { next }
			{ sub(/^\$ /, ""); gsub(/\\e/, "\\") }
			cont { cmd = cmd "\n" $0; cont = /[\\|]$/; if (!cont) print cmd "\0"; next }
			/^find photos/ { cmd = $0; cont = /[\\|]$/; if (!cont) print cmd "\0" }' "$m"
	done > recipes
	n=0
	while IFS= read -r -d '' cmd; do
		cmd=${cmd#$'\n'}
		# Remote hosts aside; lrserve.bats runs the API's own.
		case $cmd in *' -S '* | *curl*) continue ;; esac
		n=$((n + 1))
		rm -f mine.png
		# The last stage succeeds (xargs says 123 and parallel the
		# number of failed jobs: some files were no pictures).
		run -0 --separate-stderr bash -c "{ $cmd; } 2> err" <<< ""
		printf '%s\n' "$output" > out.tsv
		case $cmd in
		*'lrpredict -m mnist.model')
			check_predictions out.tsv err || { echo "recipe: $cmd" >&2; return 1; } ;;
		*'recsheet -n 1000 -o mine.png')
			[ -s mine.png ] && check_stderr err || { echo "recipe: $cmd: $(cat err)" >&2; return 1; } ;;
		*)
			echo "recipe not checked: $cmd" >&2
			return 1 ;;
		esac
	done < recipes
	# digitpipe(7), digitpipe-records(5), imgnorm(1) x2, lrpredict(1) x2,
	# recsheet(1).
	[ "$n" -eq 7 ] || { echo "$n recipes" >&2; return 1; }
}

@test "batch: no recipe of the manual feeds xargs or parallel from ls or an unterminated find" {
	files=("$TOP"/man/*.[157] "$TOP"/README.md "$TOP"/examples/*.sh "$TOP"/scripts/*)
	run -1 grep -nE '(^|[^a-z])ls [^p][^|]*\| *(xargs|parallel)' "${files[@]}"
	run -0 sh -c 'grep -hE "find .*\| *(xargs|parallel)" "$@" | grep -v -- "-print0" | grep -v "^\.Ql" || true' sh "${files[@]}"
	assert_output ''
	# xargs without -0 and parallel without -0 after a find splits names.
	run -0 sh -c 'grep -hE "^ *(\\$ )?(xargs|parallel) " "$@" | grep -vE -- "(xargs|parallel) -0|parallel (-S [^ ]* --basefile [^ ]* )?--pipe|parallel -j|parallel -k|parallel .lrtrain" || true' sh "${files[@]}"
	assert_output ''
}

@test "batch: examples/08-batch.sh on the hostile folder: every picture once, a fresh contact sheet" {
	D=$BATS_FILE_TMPDIR
	mkdir -p "$D/out"
	ln -sf "$D/mnist.model" "$D/out/mnist.model"
	idx2raw -n 10 "$TRAIN_IMG" "$TRAIN_LBL" > "$D/out/train.rec"
	cp "$D/test.rec" "$D/out/test.rec"
	# A sheet from a run before must not survive a failed one.
	echo stale > "$D/out/batch.png"
	cd "$D"
	run -0 --separate-stderr env OUT="$D/out" sh "$TOP/examples/08-batch.sh" photos
	printf '%s\n' "$stderr" > "$BATS_TEST_TMPDIR/err"
	check_predictions "$D/out/batch.tsv" "$BATS_TEST_TMPDIR/err"
	assert_line "... $((N - 2)) pictures"
	if command -v parallel >/dev/null; then
		assert_line "same predictions"
	fi
	run -0 pngpix "$D/out/batch.png"
	# A folder without pictures: a message, no sheet.
	mkdir -p "$D/empty"
	echo text > "$D/empty/a.txt"
	run -1 --separate-stderr env OUT="$D/out" sh "$TOP/examples/08-batch.sh" "$D/empty"
	[[ "$stderr" == *"08-batch.sh: no pictures in $D/empty"* ]]
	[ ! -e "$D/out/batch.png" ]
	run -1 --separate-stderr env OUT="$D/out" sh "$TOP/examples/08-batch.sh" "$D/nowhere"
	assert_equal "$stderr" "08-batch.sh: $D/nowhere: not a directory"
}
