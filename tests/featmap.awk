# SPDX-License-Identifier: ISC
# The grad feature map as lib/feat.c documents it (8 directions, cells of
# 14, 7 and 4 pixels at strides of half a cell, rounded down), in plain awk
# arithmetic: rec2csv text in (one record after the header), and for each
# index in -v idx="J,J,..." one line "J BYTE" out. tests/features.bats
# compares it with what lrpredict computes.
function P(x, y) { return x < 0 || x > 27 || y < 0 || y > 27 ? 0 : p[y * 28 + x] }
function side(c,   s, n) {
	s = int(c / 2); n = int((28 - c) / s) + 1
	if ((n - 1) * s + c < 28) n++
	return n
}
BEGIN {
	FS = ","
	split("64 59 45 24 0 -24 -45 -59 -64 -59 -45 -24 0 24 45 59", t, " ")
	for (o = 0; o < 8; o++) { co[o] = t[2 * o + 1]; so[o] = t[(2 * o + 12) % 16 + 1] }
	cell[0] = 14; cell[1] = 7; cell[2] = 4
}
NR == 2 {
	for (j = 0; j < 784; j++) p[j] = $(j + 2) + 0
	n = split(idx, want, ",")
	for (w = 1; w <= n; w++) {
		j = want[w] + 0; r = j
		for (l = 0; l < 3; l++) {
			c = cell[l]; m = side(c)
			if (r < m * m * 8) break
			r -= m * m * 8
		}
		o = r % 8; k = int(r / 8); s = int(c / 2)
		x0 = (k % m) * s; y0 = int(k / m) * s
		x1 = x0 + c > 28 ? 28 : x0 + c; y1 = y0 + c > 28 ? 28 : y0 + c
		E = 0
		for (y = y0; y < y1; y++)
			for (x = x0; x < x1; x++) {
				e = (P(x + 1, y) - P(x - 1, y)) * co[o] + (P(x, y + 1) - P(x, y - 1)) * so[o]
				if (e > 0) E += e
			}
		a = int(E * 255 / (64 * c * c))
		q = int(sqrt(a))
		while ((q + 1) * (q + 1) <= a) q++
		while (q * q > a) q--
		if (a > q * q + q) q++
		print j, (q > 255 ? 255 : q)
	}
}
