# SPDX-License-Identifier: ISC
# recipes.awk -v dir=DIR PAGE...: the shell recipes of the manual (mdoc)
# and the README (markdown), for tests/recipes.bats. A recipe is
#  - a .Bd -literal block of a man page with lines starting "$ " (each a
#    command, the other lines the output it shows), anywhere in the page;
#  - a .Bd -literal block of an EXAMPLES section without "$ " (every line
#    a command);
#  - a .Dl line of a man page starting "$ " (one command);
#  - a ```sh block of a markdown file (every line a command).
# A command goes on while it is not complete: its line ends in \, |, &&
# or {, or a single quote is still open. mdoc's escapes \e and \& are
# undone.
# For recipe N (from 1, in the order of the arguments), step S (from 1):
# DIR/N.S.sh holds the command, DIR/N.S.want the output shown (absent
# when none is), and DIR/index has a line "N<TAB>FILE<TAB>LINE<TAB>first
# command line" per recipe (FILE as given, LINE where the block starts).

function unescape(s) {
	gsub(/\\e/, "\\", s)
	gsub(/\\&/, "", s)
	return s
}

# Whether the command so far goes on to the next line.
function open_cmd(c,    t, q) {
	if (c ~ /(\\|\||&&|\{)[ \t]*$/)
		return 1
	t = c
	if (gsub(/'/, "", t) % 2)
		return 1
	# a loop or an if still open
	t = " " c " "
	q = gsub(/[ \t;]do[ \t\n]/, "&", t) - gsub(/[ \t;]done[ \t\n;]/, "&", t)
	q += gsub(/[ \t;]if[ \t]/, "&", t) - gsub(/[ \t;]fi[ \t\n;]/, "&", t)
	return q > 0
}

function flush(    i, line, prompt, cmd, step, first, want) {
	if (nl == 0)
		return
	prompt = 0
	for (i = 1; i <= nl; i++)
		if (buf[i] ~ /^\$ /)
			prompt = 1
	if (!prompt && !bare) {
		nl = 0
		return
	}
	n++
	step = 0
	cmd = ""
	first = ""
	for (i = 1; i <= nl; i++) {
		line = buf[i]
		if (cmd != "") {
			cmd = cmd "\n" line
		} else if (prompt && line !~ /^\$ /) {
			if (step > 0) {
				want = dir "/" n "." step ".want"
				print line > want
				opened[want] = 1
			}
			continue
		} else {
			if (prompt)
				line = substr(line, 3)
			cmd = line
			if (first == "")
				first = line
		}
		if (!open_cmd(cmd)) {
			step++
			printf "%s\n", cmd > (dir "/" n "." step ".sh")
			close(dir "/" n "." step ".sh")
			cmd = ""
		}
	}
	if (cmd != "") {
		step++
		printf "%s\n", cmd > (dir "/" n "." step ".sh")
		close(dir "/" n "." step ".sh")
	}
	for (want in opened)
		close(want)
	delete opened
	printf "%d\t%s\t%d\t%s\n", n, file, start, first > (dir "/index")
	nl = 0
}

FNR == 1 {
	file = FILENAME
	md = FILENAME ~ /\.md$/
	sec = ""
	lit = 0
}

md && /^```sh$/ { lit = 1; bare = 1; nl = 0; start = FNR; next }
md && lit && /^```$/ { flush(); lit = 0; next }
md && lit { buf[++nl] = $0; next }
md { next }

/^\.Sh / { sec = substr($0, 5) }
/^\.Dl \$ / { nl = 1; buf[1] = unescape(substr($0, 5)); bare = 0; start = FNR; flush(); next }
/^\.Bd -literal/ { lit = 1; bare = (sec == "EXAMPLES"); nl = 0; start = FNR; next }
lit && /^\.Ed/ { flush(); lit = 0; next }
lit { buf[++nl] = unescape($0) }
