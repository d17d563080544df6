#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Every shell recipe of the README and the manual is run, as printed.
# tests/recipes.awk takes them out of the pages (.Bd -literal blocks with
# "$ " commands anywhere, every .Bd -literal block of EXAMPLES, ".Dl $ "
# lines, the README's ```sh blocks); the table below says how each is
# run, and a recipe the table lacks (or a row no recipe has) fails. Each
# page's recipes run in order, in one bash with pipefail, in a folder of
# its own holding the files they name: the MNIST files, their normalized
# records (test.rec named by idx2raw -N), the models trained on them with
# the defaults, pictures of tests/fixtures. Every command must succeed
# (or end with the status the table gives) and print exactly what the
# page shows under it (lines in any order where the table says "sorted";
# a shown "..." ends the comparison); files it writes with -o, -O, --png
# or > must be there. Remote hosts (parallel -S) are directories of this
# machine reached through a fake ssh (PARALLEL_SSH), so what the recipe
# sends and brings back is what lands in the output.
bats_require_minimum_version 1.5.0
load helper

# The recipes: page, first command line, then
#   mode    exact | sorted (the shown lines in any order) | tests/FILE.bats
#           (run there, as that file says) | skip:WHY
#   status  the exit status of the recipe's last command, or a list of
#           one per command (0 but for recipes that meet photos/notes.txt,
#           a file that is no picture, or show an error)
#   check   a function below that checks more (- for none)
#   sed     a sed script applied to the recipe before it runs (- for none)
RECIPES=$(cat <<'EOF'
README.md	sh scripts/deps && make demo        # fetch MNIST, build, train, evaluate, print the report	skip:installs packages and runs the suite itself (tests/make.bats runs make demo)	0	-	-
README.md	make && PATH=$PWD/build/bin:$PATH	exact	0	-	/^make && /d
README.md	idx2raw data/mnist/train-images-idx3-ubyte data/mnist/train-labels-idx1-ubyte | imgnorm | lrtrain --features -o best.model	exact	0	-	s/^lrserve (.*[^ ]) +#.*/serve lrserve \1/
README.md	idx2raw data/mnist/train-images-idx3-ubyte data/mnist/train-labels-idx1-ubyte | imgnorm |	exact	0	check_careful	-
README.md	make split-demo SEED=42	tests/make.bats	0	-	-
README.md	make && make mnist && PATH=$PWD/build/bin:$PATH	tests/examples.bats	0	-	-
README.md	idx2raw -n 30 $d/t10k-images-idx3-ubyte $d/t10k-labels-idx1-ubyte | recsheet -o digits.png	tests/examples.bats	0	-	-
README.md	lrtrain -v --holdout 0.1 -e 20 -o curve.model train.rec 2> train.log	tests/examples.bats	0	-	-
README.md	lrtrain -o mnist.model train.rec	tests/examples.bats	0	-	-
README.md	lrtrain -q -C 0.001 -o smooth.model train.rec	tests/examples.bats	0	-	-
README.md	recsheet -p pred.tsv --wrong -n 40 -o mistakes.png test.rec	tests/examples.bats	0	-	-
README.md	PATH=$PWD/build/bin:$PATH OUT=$PWD/build/lessons sh examples/01-look.sh	exact	0	check_lessons	-
man/confmat.1	lrpredict -m mnist.model test.rec | confmat	exact	0	-	-
man/confmat.1	confmat --png heat.png pred.tsv	exact	0	-	-
man/confmat.1	awk -F'\t' '$2 != $3 { print $2 " as " $3 }' pred.tsv |	exact	0	-	-
man/confmat.1	awk -F'\t' '$4 >= 0.9' pred.tsv | confmat | head -n 1	exact	0	-	-
man/confmat.1	parallel --pipe --recend '' --block 1M \	exact	0	check_same_report	-
man/digitpipe-model.5	sed '/^weights$/q' mnist.model	exact	0	-	-
man/digitpipe-model.5	sed '1,/^weights$/d' mnist.model | awk '{ print NR - 1, $NF }'	exact	0	-	-
man/digitpipe-model.5	sed '1,/^weights$/d' mnist.model | awk 'NR == 1 {	exact	0	-	-
man/digitpipe-model.5	lrtrain -j 1 -o a.model train.rec	exact	0	-	-
man/digitpipe-records.5	idx2raw t10k-images-idx3-ubyte t10k-labels-idx1-ubyte |	exact	0	-	-
man/digitpipe-records.5	echo $(( $(wc -c < test.rec) / 1024 ))	exact	0	-	-
man/digitpipe-records.5	dd if=test.rec bs=1024 skip=100 count=100 status=none |	exact	0	-	-
man/digitpipe-records.5	idx2raw -N t10k-images-idx3-ubyte t10k-labels-idx1-ubyte |	exact	0	-	-
man/digitpipe-records.5	split -b 10240000 -d test.rec part.	exact	0	check_one_process	-
man/digitpipe-records.5	parallel --pipe --recend '' --block 1M -k \	exact	0	check_one_process	-
man/digitpipe-records.5	find photos -type f -print0 | xargs -0 -P 4 -n 16 imgnorm |	sorted	123	check_photos	-
man/digitpipe-records.5	rec2csv test.rec | awk -F, -v OFS=, \	exact	0	check_top_blank	-
man/digitpipe.7	od -A d -t x1 -N 16 t10k-images-idx3-ubyte	exact	0	-	-
man/digitpipe.7	idx2raw t10k-images-idx3-ubyte t10k-labels-idx1-ubyte > test.rec	exact	0	-	-
man/digitpipe.7	idx2raw train-images-idx3-ubyte train-labels-idx1-ubyte |	exact	0	-	-
man/digitpipe.7	lrtrain -v -o mnist.model train.rec 2> train.log	exact	0	-	-
man/digitpipe.7	lrpredict -m mnist.model test.norm.rec > pred.tsv	exact	0	-	-
man/digitpipe.7	recsheet -p pred.tsv --wrong -o mistakes.png test.norm.rec	exact	0	-	-
man/digitpipe.7	imgnorm three-alpha.png | lrpredict -m mnist.model	exact	0	-	-
man/digitpipe.7	lrtrain --features -o best.model train.rec	exact	0	-	-
man/digitpipe.7	lrshow --features -n 1 -o features.png test.norm.rec	exact	0	-	-
man/digitpipe.7	idx2raw train-images-idx3-ubyte train-labels-idx1-ubyte |	exact	0	-	-
man/digitpipe.7	find photos -type f -print0 |	sorted	123	check_photos	-
man/digitpipe.7	find photos -type f -print0 |	sorted	0	check_photos_remote	-
man/digitpipe.7	cat train.rec test.norm.rec | recsplit --numpy-seed 42 -o a.rec -O b.rec	exact	0	-	-
man/idx2raw.1	idx2raw train-images-idx3-ubyte train-labels-idx1-ubyte > train.rec	exact	0	-	-
man/idx2raw.1	idx2raw -n 1 t10k-images-idx3-ubyte t10k-labels-idx1-ubyte |	exact	0	-	-
man/idx2raw.1	idx2raw -k 1000 -n 1000 train-images-idx3-ubyte.gz \	exact	0	check_slice	-
man/idx2raw.1	seq 0 10000 50000 | parallel -k idx2raw -k {} -n 10000 \	exact	0	check_train_whole	-
man/idx2raw.1	idx2raw picture.png	exact	1	-	-
man/imgnorm.1	idx2raw train-images-idx3-ubyte train-labels-idx1-ubyte |	exact	0	-	-
man/imgnorm.1	find photos -type f -print0 | xargs -0 -P 4 -n 16 imgnorm |	sorted	123	check_photos	-
man/imgnorm.1	find photos -type f -print0 | parallel -0 -X imgnorm |	sorted	1,1	check_trc	-
man/imgnorm.1	find photos -type f -print0 | parallel -0 -S 2/host1,2/: \	sorted	0	check_photos_remote	-
man/imgnorm.1	imgnorm --ascii photo.jpg	exact	0	-	-
man/imgnorm.1	mkdir t10k	exact	0	check_t10k_pngs	-
man/lrcurve.1	lrtrain -v --holdout 0.1 -e 20 -o mnist.model train.rec 2> train.log	exact	0	-	-
man/lrcurve.1	lrtrain -v -o mnist.model train.rec 2>&1 >/dev/null |	exact	0	-	-
man/lrcurve.1	parallel 'lrtrain -v --lr {} -o lr{}.model train.rec 2> lr{}.log' \	exact	0	-	-
man/lrnumber.1	imgnorm --segment year.jpg | lrpredict -m best.model | lrnumber	exact	0	-	-
man/lrpredict.1	lrpredict -m mnist.model test.rec > pred.tsv	exact	0	-	-
man/lrpredict.1	lrpredict -m mnist.model test.rec | confmat	exact	0	-	-
man/lrpredict.1	lrpredict -m mnist.model test.rec | sort -t "$(printf '\t')" -k4,4g |	exact	0	check_least_sure	-
man/lrpredict.1	find photos -type f -print0 | xargs -0 -P 4 -n 16 imgnorm |	sorted	123	check_photos	-
man/lrpredict.1	find photos -type f -print0 | parallel -0 -X imgnorm |	sorted	1	check_photos	-
man/lrpredict.1	parallel --pipe --recend '' --block 1M -k \	exact	0	check_same_report	-
man/lrpredict.1	parallel -S 2/host1,2/host2 --basefile mnist.model --pipe \	exact	0	check_one_process_remote	-
man/lrserve.1	lrtrain -o mnist.model train.rec	exact	0	-	s/^lrserve (.*)$/serve lrserve \1/
man/lrserve.1	curl -s -F file=@three-alpha.png http://127.0.0.1:8080/api/predict |	tests/lrserve.bats	0	-	-
man/lrserve.1	curl -s --data-binary @three-alpha.png \	tests/lrserve.bats	0	-	-
man/lrserve.1	curl -s -F a=@three-alpha.png -F b=@two.jpg \	tests/lrserve.bats	0	-	-
man/lrserve.1	find photos -type f -print0 | xargs -0 -P 4 -I{} curl -s \	tests/lrserve.bats	0	-	-
man/lrserve.1	curl -s --data-binary @seventy.png 'http://127.0.0.1:8080/api/predict?input=0' |	tests/lrserve.bats	0	-	-
man/lrserve.1	lrserve -m mnist.model -p 0 > url & pid=$!	exact	0	-	-
man/lrshow.1	lrtrain -o mnist.model train.rec	exact	0	-	-
man/lrshow.1	parallel 'lrtrain -q -C {} -o C{}.model train.rec &&	exact	0	check_four_weights	-
man/lrshow.1	lrshow --features -n 1 -o features.png test.norm.rec	exact	0	-	-
man/lrtrain.1	idx2raw train-images-idx3-ubyte train-labels-idx1-ubyte |	exact	0	-	-
man/lrtrain.1	lrtrain -v -o mnist.model train.rec 2> train.log	exact	0	-	-
man/lrtrain.1	lrtrain --features -o best.model train.rec	exact	0	-	-
man/lrtrain.1	lrtrain -x -o exact.model train.rec	exact	0	-	-
man/lrtrain.1	lrtrain -q -j 1 -o a.model train.rec	exact	0	-	-
man/lrtrain.1	parallel -k -j 2 'lrtrain -q -C {} -o C{}.model train.rec &&	exact	0	-	-
man/lrtrain.1	for i in $(seq 50); do cat mine.rec; done > mine50.rec	exact	0	check_mine	-
man/rec2csv.1	idx2raw -n 10 t10k-images-idx3-ubyte t10k-labels-idx1-ubyte |	exact	0	-	-
man/rec2csv.1	rec2csv -H test.rec | awk -F, '{ s = 0	exact	0	-	-
man/rec2csv.1	rec2csv -r train.csv | lrtrain -o kaggle.model	exact	0	check_submission	-
man/rec2csv.1	rec2csv test.rec | rec2csv -r | cmp - test.rec && echo lossless	exact	0	-	-
man/recaug.1	idx2raw train-images-idx3-ubyte train-labels-idx1-ubyte |	exact	0	-	-
man/recaug.1	idx2raw train-images-idx3-ubyte train-labels-idx1-ubyte | imgnorm |	exact	0	-	-
man/recaug.1	idx2raw -n 1 t10k-images-idx3-ubyte | recaug -n 3 | imgnorm --ascii	exact	0	-	-
man/recaug.1	idx2raw t10k-images-idx3-ubyte t10k-labels-idx1-ubyte | imgnorm |	exact	0	-	-
man/recsheet.1	idx2raw -n 1 t10k-images-idx3-ubyte t10k-labels-idx1-ubyte |	exact	0	-	-
man/recsheet.1	recsheet -o first100.png test.rec	exact	0	-	-
man/recsheet.1	lrpredict -m mnist.model test.rec > pred.tsv	exact	0	-	-
man/recsheet.1	awk -F'\t' '$2 == 9 && $3 == 4 { print NR }' pred.tsv |	exact	0	-	-
man/recsheet.1	find photos -type f -print0 | sort -z | xargs -0 imgnorm |	exact	123	-	-
man/recsplit.1	cat train.rec test.rec | recsplit --numpy-seed 42 -o a.rec -O b.rec	exact	0	-	-
man/recsplit.1	recsplit -t 0.25 -o a.rec -O b.rec test.rec	exact	0	-	-
man/recsplit.1	seq 5 | parallel 'recsplit -s {} -o a{}.rec -O b{}.rec all.rec &&	exact	0	-	-
EOF
)

pngpix() { python3 "$TOP/tests/pngpix" "$@"; }

setup_file() {
	F=$BATS_FILE_TMPDIR/fix
	mkdir -p "$F/photos" "$F/data" "$F/build"
	ln -s "$MNIST" "$F/data/mnist"
	ln -s "$DP_BIN" "$F/build/bin"
	ln -s "$TOP/examples" "$F/examples"
	local f
	for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
		ln -s "$MNIST/$f" "$F/$f"
	done
	gzip -1 -c "$TRAIN_IMG" > "$F/train-images-idx3-ubyte.gz"
	gzip -1 -c "$TRAIN_LBL" > "$F/train-labels-idx1-ubyte.gz"
	idx2raw "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm > "$F/train.rec"
	idx2raw -N "$TEST_IMG" "$TEST_LBL" | imgnorm > "$F/test.rec"
	cp "$F/test.rec" "$F/test.norm.rec"
	cat "$F/train.rec" "$F/test.rec" > "$F/all.rec"
	lrtrain -q -o "$F/mnist.model" "$F/train.rec"
	lrtrain -q --features -o "$F/best.model" "$F/train.rec"
	lrpredict -m "$F/mnist.model" "$F/test.rec" > "$F/pred.tsv"
	# the pictures the pages name
	cp "$FIX/web/three-alpha.png" "$FIX/web/two.jpg" "$F/"
	cp "$FIX/web/seven.png" "$F/picture.png"
	cp "$FIX/web/photo-1mp.jpg" "$F/photo.jpg"
	cp "$TOP/tests/notdigit/x002-cross.png" "$F/cross.png"
	cp "$TOP/tests/numbers/big/2026-photo12mp.jpg" "$F/year.jpg"
	cp "$FIX/web/seven.png" "$FIX/web/three-alpha.png" "$F/photos/"
	echo 'shopping: milk' > "$F/photos/notes.txt"
	# ten labelled records of one's own; Kaggle's two CSV files
	idx2raw -k 100 -n 10 "$TEST_IMG" "$TEST_LBL" | imgnorm > "$F/mine.rec"
	idx2raw -n 5000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | rec2csv > "$F/train.csv"
	idx2raw -n 1000 "$TEST_IMG" | imgnorm | rec2csv > "$F/test.csv"
	# ssh HOST COMMAND: COMMAND run by sh in HOST's own folder, with the
	# tools on PATH as an installed host has them, and HOME and SHELL set
	# as sshd sets them (parallel's remote worker runs the job with
	# $SHELL: unset, it runs nothing and says nothing).
	cat > "$F/fakessh" <<-EOF
	#!/bin/sh
	while [ \$# -gt 0 ]; do
	    case \$1 in -[lpoiFSEJWbcemw]) shift 2 ;; --) shift; break ;; -*) shift ;; *) break ;; esac
	done
	host=\$1
	shift
	[ "\${1:-}" = -- ] && shift
	# the log: the host, and what it ran ("exec perl": a job)
	echo "\$host \$(echo "\$*" | cut -c 1-9)" >> "\$FAKE_HOSTS/log"
	mkdir -p "\$FAKE_HOSTS/\$host"
	cd "\$FAKE_HOSTS/\$host" && HOME=\$PWD SHELL=/bin/sh PATH=$DP_BIN:/usr/bin:/bin exec sh -c "\$*"
	EOF
	chmod +x "$F/fakessh"
	(cd "$TOP" && awk -v dir="$BATS_FILE_TMPDIR" -f tests/recipes.awk README.md man/*.[157]) || return 1
}

# The table's row for recipe N of the index in DIR: sets mode status
# check sed, or fails.
row() {
	local dir=$1 n=$2 file first k
	mode=
	file=$(awk -F'\t' -v n="$n" '$1 == n { print $2 }' "$dir/index")
	first=$(awk -F'\t' -v n="$n" '$1 == n { print $4 }' "$dir/index")
	# the k-th recipe of the page with this first line takes the k-th row
	# (through the environment: awk -v would undo backslashes)
	k=$(F=$file C=$first awk -F'\t' -v n="$n" \
	    '$2 == ENVIRON["F"] && $4 == ENVIRON["C"] { k++ } $1 == n { print k; exit }' "$dir/index")
	IFS=$'\t' read -r mode status check sed < <(
	    printf '%s\n' "$RECIPES" | F=$file C=$first awk -F'\t' -v k="$k" \
		'$1 == ENVIRON["F"] && $2 == ENVIRON["C"] && ++i == k { print $3 "\t" $4 "\t" $5 "\t" $6; exit }')
	[ -n "$mode" ] || { echo "$file: no row in tests/recipes.bats for the recipe: $first" >&2; return 1; }
}

# serve lrserve ARGS: a server recipe, run for a moment: it must print
# its URL and serve the page there, and stop with status 0 on SIGTERM.
# It listens on a free port; the URL is printed with the port the
# recipe shows.
serve() {
	local u="" i=0 st=0
	"$@" -p 0 > serve.url &
	while [ -z "$u" ] && [ $i -lt 100 ]; do sleep 0.1; u=$(cat serve.url); i=$((i + 1)); done
	curl -sf "$u" | grep -q '<canvas id="pad"' || { echo "serve: no page at $u"; kill -TERM $!; return 1; }
	kill -TERM $!
	wait $! || st=$?
	[ $st -eq 0 ] || { echo "serve: exit status $st"; return 1; }
	echo "$u" | sed 's/:[0-9]*\/$/:8080\//'
}

# run_page FILE [DIR]: every recipe of FILE (README.md or man/PAGE) in
# the index of DIR (default: the pages of the tree) run in order in a
# fresh copy of the fixtures.
run_page() {
	local page=$1 dir=${2:-$BATS_FILE_TMPDIR} w=$BATS_TEST_TMPDIR/w n s c want got ran=0 t
	# what the recipes call beyond the tools (rsync: parallel's
	# --basefile and --transferfile)
	for t in parallel rsync curl jq; do
		command -v $t > /dev/null 2>&1 || { skip_or_fail "no $t (sh scripts/deps --test)"; return; }
	done
	rm -rf "$w"
	mkdir -p "$w"
	cp -a "$BATS_FILE_TMPDIR/fix/." "$w/"
	cd "$w"
	for n in $(awk -F'\t' -v f="$page" '$2 == f { print $1 }' "$dir/index"); do
		row "$dir" "$n" || return 1
		case $mode in
		exact | sorted) ;;
		tests/*.bats)
			local base=${page##*/}
			grep -qF "${base%.*}" "$TOP/$mode" ||
				{ echo "$page: $mode does not name the page" >&2; return 1; }
			continue ;;
		skip:*) continue ;;
		*) echo "bad mode '$mode'" >&2; return 1 ;;
		esac
		ran=$((ran + 1))
		# each recipe finds the folder of pictures as it was (one
		# writes records beside the pictures), and hosts never used
		rm -rf photos hosts
		cp -a "$BATS_FILE_TMPDIR/fix/photos" photos
		mkdir hosts
		# One script: each step's output (stdout and stderr) after a
		# marker line, its status after it.
		{
			echo 'set -o pipefail'
			declare -f serve
			echo "export PARALLEL_SSH=$w/fakessh FAKE_HOSTS=$w/hosts"
			for s in "$dir/$n".*.sh; do :; done
			s=1
			while [ -f "$dir/$n.$s.sh" ]; do
				echo "echo '@@step $s'"
				echo '{ :'
				if [ "$sed" = - ]; then cat "$dir/$n.$s.sh"; else sed -E "$sed" "$dir/$n.$s.sh"; fi
				echo '} 2>&1 < /dev/null'
				echo "echo \"@@status \$?\""
				s=$((s + 1))
			done
		} > "recipe.$n.sh"
		timeout 600 bash "recipe.$n.sh" > "out.$n" 2>&1 < /dev/null || true
		s=1
		while [ -f "$dir/$n.$s.sh" ]; do
			c=$(cat "$dir/$n.$s.sh")
			got=$(awk -v s="$s" '/^@@step / { on = ($2 == s); next } /^@@status / { if (on) exit; next } on' "out.$n")
			st=$(awk -v s="$s" '/^@@step / { on = ($2 == s); next } /^@@status / && on { print $2; exit }' "out.$n")
			# one status: the last step's; a list: one a step
			local wst=0
			case $status in
			*,*) wst=$(echo "$status" | cut -d, -f"$s") ;;
			*) [ -f "$dir/$n.$((s + 1)).sh" ] || wst=$status ;;
			esac
			# SIGPIPE before "| head", which stops reading: as a shell
			# without pipefail says, that is success
			[ "$st" = 141 ] && [[ "$c" == *'| head'* || "$c" == *$'|\n    head'* ]] && st=0
			[ "$st" = "$wst" ] || {
				printf '%s: exit status %s, not %s:\n%s\n%s\n' "$page" "${st:-none}" "$wst" "$c" "$got" >&2
				[ -n "$st" ] || tail -n 5 "out.$n" >&2
				return 1; }
			if [ -f "$dir/$n.$s.want" ]; then
				want=$(cat "$dir/$n.$s.want")
				if [[ "$want" == *$'\n...' ]] || [ "$want" = ... ]; then
					want=${want%...}
					want=${want%$'\n'}
					got=$(printf '%s\n' "$got" | head -n "$(printf '%s\n' "$want" | wc -l)")
				fi
				if [ "$mode" = sorted ]; then
					want=$(printf '%s\n' "$want" | LC_ALL=C sort)
					got=$(printf '%s\n' "$got" | LC_ALL=C sort)
				fi
				[ "$got" = "$want" ] || {
					printf '%s: the output is not the one shown:\n%s\n' "$page" "$c" >&2
					diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") >&2
					return 1; }
			fi
			# the files it writes
			local o
			for o in $(printf '%s\n' "$c" | grep -oE '(^| )(-o|-O|--png|[0-9]?>) ?[A-Za-z0-9_{}-]+\.[A-Za-z0-9_.{}-]+' |
			    grep -vE '(&|/dev/null)' | sed -E 's/^ ?(-o|-O|--png|[0-9]?>) ?//' | grep -v '[{}]'); do
				[ -s "$o" ] || { printf '%s: %s not written by:\n%s\n' "$page" "$o" "$c" >&2; return 1; }
				case $o in *.png)
					pngpix "$o" > /dev/null || { echo "$page: $o: not a PNG" >&2; return 1; } ;;
				esac
			done
			s=$((s + 1))
		done
		if [ "$check" != - ]; then
			RECIPE=$(cat "$dir/$n".*.sh) OUT=$w/out.$n "$check" ||
				{ printf '%s: %s failed for:\n%s\n' "$page" "$check" "$(cat "$dir/$n".*.sh)" >&2; return 1; }
		fi
	done
	[ "$(awk -F'\t' -v f="$page" '$2 == f' "$dir/index" | wc -l)" -gt 0 ] ||
		{ echo "$page: no recipes found" >&2; return 1; }
	echo "# $page: $ran recipes run" >&3
}

# ---- the checks beyond the shown output -----------------------------------

# the step outputs of the last recipe, markers removed
outputs() { grep -v '^@@' "$OUT"; }

# Each picture of photos once, with the digit imgnorm | lrpredict gives
# it here; the text file named on stderr.
check_photos() {
	local want
	want=$(for f in photos/*.png; do imgnorm "$f" | lrpredict -m mnist.model; done | sort)
	[ "$(outputs | grep -v '^imgnorm: ' | sort)" = "$want" ] || return 1
	outputs | grep -qx 'imgnorm: photos/notes.txt: not a PNG or JPEG picture'
}

# The same through the fake hosts: host1 ran jobs, the model was sent.
check_photos_remote() {
	check_photos || return 1
	grep -qx 'host1 exec perl' hosts/log || return 1
	[ -f hosts/host1/mnist.model ]
}

# --trc: each picture's records brought back beside it, equal to those
# made here; the host cleaned up.
check_trc() {
	local f
	for f in photos/*.png; do
		imgnorm "$f" | cmp - "${f%.png}.rec" || return 1
	done
	grep -qx 'host1 exec perl' hosts/log || return 1
	[ -z "$(find hosts/host1 -name '*.png')" ]
}

# The report of one process.
check_same_report() {
	[ "$(outputs)" = "$(lrpredict -m mnist.model test.rec | confmat)" ]
}

# pred.tsv: the lines of one process, record for record.
check_one_process() {
	lrpredict -m mnist.model test.rec | cmp - pred.tsv
}

check_one_process_remote() {
	[ "$(outputs)" = "$(lrpredict -m mnist.model test.rec)" ] || return 1
	grep -qx 'host1 exec perl' hosts/log && grep -qx 'host2 exec perl' hosts/log &&
	    [ -f hosts/host2/mnist.model ]
}

check_top_blank() {
	[ "$(wc -c < top-blank.rec)" -eq "$(wc -c < test.rec)" ] || return 1
	# row 0-13 blank, the labels kept
	[ "$(rec2csv -H top-blank.rec | cut -d, -f2-393 | tr -d ',0\n' | wc -c)" -eq 0 ] || return 1
	cmp <(rec2csv -H top-blank.rec | cut -d, -f1) <(rec2csv -H test.rec | cut -d, -f1)
}

check_slice() {
	cmp slice.rec <(idx2raw -k 1000 -n 1000 train-images-idx3-ubyte train-labels-idx1-ubyte)
}

check_train_whole() {
	cmp train.rec <(idx2raw train-images-idx3-ubyte train-labels-idx1-ubyte)
}

check_t10k_pngs() {
	[ "$(ls t10k | wc -l)" -eq 10000 ]
}

check_least_sure() {
	[ "$(outputs | wc -l)" -eq 10 ] || return 1
	[ "$(outputs | cut -f4)" = "$(cut -f4 pred.tsv | sort -g | head)" ]
}

check_four_weights() {
	local c
	for c in 0.0001 0.001 0.01 1; do
		run -0 pngpix "C$c.png"
		assert_output "1068 500" || return 1
	done
}

check_mine() {
	[ "$(wc -c < mine50.rec)" -eq $((50 * 10240)) ] || return 1
	grep -q '^init ' mine.model || grep -q '^epochs 3$' mine.model
}

# The careful model has its gate and threshold, and declines the cross.
check_careful() {
	grep -q '^notdigit-threshold ' careful.model || return 1
	grep -q '^decline ' careful.model || return 1
	[ "$(outputs | cut -f 1-3)" = "$(printf 'cross.png\t-\t?')" ]
}

check_submission() {
	[ "$(head -n 1 submission.csv)" = ImageId,Label ] || return 1
	[ "$(wc -l < submission.csv)" -eq 1001 ]
}

check_lessons() {
	run -0 pngpix build/lessons/first100.png
	assert_output "928 1128"
}

# ---- the tests ----------------------------------------------------------------

@test "recipes: every recipe of the pages has its row in the table, every row its recipe" {
	local d=$BATS_FILE_TMPDIR n bad=""
	[ "$(wc -l < "$d/index")" -ge 90 ]
	for n in $(cut -f1 "$d/index"); do
		row "$d" "$n" 2> /dev/null || bad="$bad $(awk -F'\t' -v n="$n" '$1 == n { print $2 ":" $3 }' "$d/index")"
	done
	assert_equal "$bad" ""
	# as many rows as recipes (two rows may be alike: the same first line)
	assert_equal "$(printf '%s\n' "$RECIPES" | wc -l)" "$(wc -l < "$d/index")"
	# every page with a recipe has a test here
	for f in $(cut -f2 "$d/index" | sort -u); do
		grep -qF "@test \"recipes: $f\"" "$BATS_TEST_FILENAME" || bad="$bad $f"
	done
	assert_equal "$bad" ""
}

@test "recipes: README.md" { run_page README.md; }
@test "recipes: man/confmat.1" { run_page man/confmat.1; }
@test "recipes: man/digitpipe-model.5" { run_page man/digitpipe-model.5; }
@test "recipes: man/digitpipe-records.5" { run_page man/digitpipe-records.5; }
@test "recipes: man/digitpipe.7" { run_page man/digitpipe.7; }
@test "recipes: man/idx2raw.1" { run_page man/idx2raw.1; }
@test "recipes: man/imgnorm.1" { run_page man/imgnorm.1; }
@test "recipes: man/lrcurve.1" { run_page man/lrcurve.1; }
@test "recipes: man/lrnumber.1" { run_page man/lrnumber.1; }
@test "recipes: man/lrpredict.1" { run_page man/lrpredict.1; }
@test "recipes: man/lrserve.1" { run_page man/lrserve.1; }
@test "recipes: man/lrshow.1" { run_page man/lrshow.1; }
@test "recipes: man/lrtrain.1" { run_page man/lrtrain.1; }
@test "recipes: man/rec2csv.1" { run_page man/rec2csv.1; }
@test "recipes: man/recaug.1" { run_page man/recaug.1; }
@test "recipes: man/recsheet.1" { run_page man/recsheet.1; }
@test "recipes: man/recsplit.1" { run_page man/recsplit.1; }

# A scratch copy of PAGE changed by the sed script $2, its recipes taken
# out into $S/idx.
scratch_page() {
	S=$BATS_TEST_TMPDIR/scratch
	rm -rf "$S"
	mkdir -p "$S/man" "$S/idx"
	sed "$2" "$TOP/$1" > "$S/$1"
	(cd "$S" && awk -v dir="$S/idx" -f "$TOP/tests/recipes.awk" "$1")
}

@test "recipes: the check fails on a drifted output, a broken recipe, a recipe the table lacks" {
	scratch_page man/confmat.1 's/^accuracy 0\.9578 (9578\/10000)$/accuracy 0.9587 (9578\/10000)/'
	run -1 --separate-stderr run_page man/confmat.1 "$S/idx"
	assert_equal "$(printf '%s\n' "$stderr" | head -n 2)" "man/confmat.1: the output is not the one shown:
lrpredict -m mnist.model test.rec | confmat"
	[[ "$stderr" == *"< accuracy 0.9587 (9578/10000)"*"> accuracy 0.9578 (9578/10000)"* ]]
	scratch_page man/confmat.1 's/^    lrpredict -m mnist.model < test.rec | confmat$/    lrpredict -m mnist.model < tests.rec | confmat/'
	run -1 --separate-stderr run_page man/confmat.1 "$S/idx"
	[[ "$stderr" == "man/confmat.1: exit status 1, not 0:"*"tests.rec: No such file or directory"* ]]
	scratch_page man/confmat.1 '/^\.Sh SEE ALSO$/i .Dl $ confmat -h | head -n 1'
	run -1 --separate-stderr run_page man/confmat.1 "$S/idx"
	[[ "$stderr" == *"man/confmat.1: no row in tests/recipes.bats for the recipe: confmat -h | head -n 1"* ]]
}
