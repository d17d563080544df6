#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Every tool in cmd/ is where a reader looks for it: the README's table of
# tools and its list of manual pages, digitpipe(7)'s list of tools and its
# SEE ALSO; and every tool's page points back to digitpipe(7). Every
# numbered example is in the README's table.
bats_require_minimum_version 1.5.0
load helper

tools() {
	local f
	for f in "$TOP"/cmd/*.c; do
		basename "$f" .c
	done
}

# The SEE ALSO section of a page.
see_also() {
	sed -n '/^\.Sh SEE ALSO$/,/^\.Sh /p' "$1"
}

@test "docs: cmd/ has the tools we expect to find (the list is not empty)" {
	[ "$(tools | wc -l)" -ge 12 ]
	tools | grep -qx recaug
	tools | grep -qx lrserve
}

# The tools missing from a README's table and list of manual pages.
readme_missing() {
	local t bad=""
	for t in $(tools); do
		grep -q "^| \`$t\` | " "$1" || bad="$bad table:$t"
		grep -qF "[$t(1)](man/$t.1)" "$1" || bad="$bad manual:$t"
	done
	echo "$bad"
}

@test "docs: every tool is in the README's table and list of manual pages" {
	run -0 readme_missing "$TOP/README.md"
	assert_output ""
}

@test "docs: every tool is in digitpipe(7)'s list of tools and its SEE ALSO" {
	local t bad="" p=$TOP/man/digitpipe.7
	for t in $(tools); do
		grep -qx "\.It Xr $t 1" "$p" || bad="$bad list:$t"
		see_also "$p" | grep -qE "^\.Xr $t 1( ,)?$" || bad="$bad see-also:$t"
	done
	assert_equal "$bad" ""
}

@test "docs: every tool's page names digitpipe(7) in its SEE ALSO" {
	local t bad=""
	for t in $(tools); do
		see_also "$TOP/man/$t.1" | grep -qE '^\.Xr digitpipe 7( ,)?$' || bad="$bad $t"
	done
	assert_equal "$bad" ""
}

@test "docs: every numbered example is in the README's table" {
	local f bad=""
	for f in "$TOP"/examples/[0-9][0-9]-*.sh; do
		grep -q "^| \`$(basename "$f")" "$TOP/README.md" || bad="$bad $(basename "$f")"
	done
	assert_equal "$bad" ""
}

@test "docs: the check fails when a tool is missing (a scratch README without recaug)" {
	local s=$BATS_TEST_TMPDIR/README.md
	grep -v '^| `recaug` | ' "$TOP/README.md" | sed 's/\[recaug(1)\]/[recaug]/' > "$s"
	run -0 readme_missing "$s"
	assert_output " table:recaug manual:recaug"
}
