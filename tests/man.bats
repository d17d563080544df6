#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The manual: every page lints clean, every tool has a page that names
# all of its options, and the worked example of digitpipe(7) is right.
bats_require_minimum_version 1.5.0
load helper

MAN=$TOP/man

# The rendered text of a page, without overstrike.
render() {
	mandoc -Tascii "$1" | col -bx
}

@test "man: every page is mandoc -Tlint -Wwarning clean" {
	run -0 mandoc -Tlint -Wwarning "$MAN"/*.[157]
	assert_output ""
}

@test "man: every tool has a section-1 page, every section-1 page a tool" {
	local t missing=""
	for t in "$DP_BIN"/*; do
		[ -x "$t" ] || continue
		[ -f "$MAN/$(basename "$t").1" ] || missing="$missing $(basename "$t")"
	done
	assert_equal "$missing" ""
	for t in "$MAN"/*.1; do
		[ -x "$DP_BIN/$(basename "$t" .1)" ] || missing="$missing $t"
	done
	assert_equal "$missing" ""
}

@test "man: the section-5 and section-7 pages are there" {
	[ -f "$MAN/digitpipe-records.5" ]
	[ -f "$MAN/digitpipe-model.5" ]
	[ -f "$MAN/digitpipe.7" ]
}

@test "man: each page has NAME, DESCRIPTION, EXAMPLES, SEE ALSO; tools SYNOPSIS, EXIT STATUS" {
	local p s bad=""
	for p in "$MAN"/*.[157]; do
		for s in NAME DESCRIPTION EXAMPLES "SEE ALSO"; do
			grep -q "^\.Sh $s\$" "$p" || bad="$bad $(basename "$p"):$s"
		done
		case $p in *.1)
			for s in SYNOPSIS "EXIT STATUS"; do
				grep -q "^\.Sh $s\$" "$p" || bad="$bad $(basename "$p"):$s"
			done
		esac
	done
	assert_equal "$bad" ""
}

@test "man: every option in a tool's --help is in its page" {
	local t opts o bad=""
	for t in "$MAN"/*.1; do
		t=$(basename "$t" .1)
		[ -x "$DP_BIN/$t" ] || continue
		# long options as --help lists them: "  -x, --name" or "      --name"
		opts=$("$t" --help | grep -oE '^ +(-[A-Za-z0-9], )?--[a-z][a-z-]*' |
		    grep -oE -- '--[a-z][a-z-]*' | sort -u)
		for o in $opts; do
			grep -qE "Fl -${o#--}( |\$)" "$MAN/$t.1" || bad="$bad $t:$o"
		done
	done
	assert_equal "$bad" ""
}

@test "man: every page referred to with Xr in our pages exists (ours) or is a system page" {
	local bad="" ref
	for ref in $(grep -h '^\.Xr ' "$MAN"/*.[157] | awk '{ print $2 "." $3 }' | sort -u); do
		case ${ref%.*} in
		digitpipe*|idx2raw|imgnorm|lr*|rec*|confmat)
			[ -f "$MAN/$ref" ] || bad="$bad $ref"
		esac
	done
	assert_equal "$bad" ""
}

@test "man: the worked example in digitpipe(7) matches the formulas" {
	local page line
	page=$(render "$MAN/digitpipe.7")
	run -0 awk -f "$TOP/tests/worked-example.awk"
	[ "${#lines[@]}" -eq 13 ]
	for line in "${lines[@]}"; do
		grep -qxF -- "$line" <<<"$(sed 's/^ *//' <<<"$page")" ||
			{ echo "not on the page: $line" >&2; return 1; }
	done
}

@test "man: the loss in the worked example falls, and both pictures end right" {
	run -0 awk -f "$TOP/tests/worked-example.awk"
	# F before and after the step
	assert_line --index 2 "F = 2.197225"
	assert_line --index 12 "F = 1.567330"
	# picture 1 (a 2) now gives class 2 the most, picture 2 (a 0) class 0
	assert_line --index 9 --regexp '^p1 = \(0\.3[0-9]+, 0\.1[0-9]+, 0\.49[0-9]+\)'
	assert_line --index 10 --regexp '^p2 = \(0\.49[0-9]+, 0\.18[0-9]+, 0\.32[0-9]+\)'
}
