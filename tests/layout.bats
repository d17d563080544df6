#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The layout of lib/ and cmd/ (DEVELOPERS.md, "lib/, from the ground up"):
# one idea per file with its purpose and its uses at the top, small files,
# and a dependency graph that runs one way. The graph check itself
# (scripts/depgraph, make deps) is shown to catch what it must.
bats_require_minimum_version 1.5.0
load helper

# Two objects made from tiny C files, in a directory laid out like the
# build's (OBJ/lib/NAME.o beside SRC/NAME.c).
mkobj() {
	local name=$1 code=$2
	mkdir -p "$T/src" "$T/obj/lib"
	printf '%s\n' "$code" > "$T/src/$name.c"
	cc -c -o "$T/obj/lib/$name.o" "$T/src/$name.c"
}

setup() {
	T=$BATS_TEST_TMPDIR
}

@test "layout: the library's graph runs one way (make deps' check on the real build)" {
	run -0 sh "$TOP/scripts/depgraph" "$DP_BIN/../obj" "$TOP/lib"
	assert_line --index 0 "lib/ (file: what it uses)"
	assert_line --regexp '^  pngio: +img out util $'
	assert_line --regexp '^  jpegio: +img util $'
	assert_line --regexp '^  util: +$'
	assert_line "depgraph: one way, no circle"
}

@test "layout: depgraph fails on a circle and names the files in or on it" {
	mkobj a 'int b(void); int a(void) { return b(); }'
	mkobj b 'int a(void); int b(void) { return a() + 1; }'
	mkobj c 'int a(void); int c(void) { return a(); }'
	run --separate-stderr -1 sh "$TOP/scripts/depgraph" "$T/obj" "$T/src"
	# c only uses the circle: it is named as standing on it
	assert_equal "$stderr" "depgraph: a circle among: a b c"
}

@test "layout: depgraph fails when an adapter uses more than the ground" {
	mkobj norm 'int norm(void) { return 1; }'
	mkobj pngio 'int norm(void); int png(void) { return norm(); }'
	run --separate-stderr -1 sh "$TOP/scripts/depgraph" "$T/obj" "$T/src"
	assert_equal "$stderr" "depgraph: pngio uses norm: an adapter may use only img out util"
}

@test "layout: depgraph fails when a ground file uses anything of ours" {
	mkobj plane 'int plane(void) { return 1; }'
	mkobj util 'int plane(void); int util(void) { return plane(); }'
	run --separate-stderr -1 sh "$TOP/scripts/depgraph" "$T/obj" "$T/src"
	assert_equal "$stderr" "depgraph: util is at the ground but uses plane"
}

@test "layout: every lib/ file says what it is for and what it uses, and stays small" {
	local f n bad=""
	for f in "$TOP"/lib/*.c; do
		n=$(wc -l < "$f")
		[ "$n" -le 520 ] || bad="$bad $(basename "$f"):$n-lines"
		# the licence line alone, then the head comment: what it
		# is, then "Uses:"
		[ "$(head -n 1 "$f")" = "/* SPDX-License-Identifier: ISC */" ] ||
			bad="$bad $(basename "$f"):licence-line"
		sed -n '2,12p' "$f" | grep -q "^ \* $(basename "$f"): " ||
			bad="$bad $(basename "$f"):no-purpose"
		awk 'NR > 2 && /\*\// { exit } NR > 1 && /Uses:/ { found = 1 } END { exit !found }' "$f" ||
			bad="$bad $(basename "$f"):no-uses"
	done
	for f in "$TOP"/lib/*.h; do
		sed -n '2,6p' "$f" | grep -q "^ \* $(basename "$f"): " ||
			bad="$bad $(basename "$f"):no-purpose"
	done
	assert_equal "$bad" ""
}

@test "layout: every tool is about 300 lines besides its help text" {
	local f n help bad=""
	for f in "$TOP"/cmd/*.c; do
		n=$(wc -l < "$f")
		# the help text: the string constant that starts "usage: "
		help=$(awk '/^(static const char|#define) [a-z_A-Z]*(help|HELP)/ { h = 1 }
		    h { n++ } h && /;$/ { h = 0 } END { print n + 0 }' "$f")
		[ $((n - help)) -le 330 ] || bad="$bad $(basename "$f"):$((n - help))"
	done
	assert_equal "$bad" ""
}

@test "layout: only the adapters include the outside libraries' headers" {
	run -0 grep -l '#include <png.h>' "$TOP"/lib/*.c "$TOP"/cmd/*.c
	assert_output "$TOP/lib/pngio.c"
	run -0 grep -l '#include <jpeglib.h>' "$TOP"/lib/*.c "$TOP"/cmd/*.c
	assert_output "$TOP/lib/jpegio.c"
	run -0 grep -l '#include <microhttpd.h>' "$TOP"/lib/*.c "$TOP"/cmd/*.c
	assert_output "$TOP/lib/http.c"
}
