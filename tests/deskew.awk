# SPDX-License-Identifier: ISC
# The record path of imgnorm as lib/norm.c and lib/deskew.c document it
# (box_place, then the deskew formula), in plain awk arithmetic, so the vectorized C can be
# checked against its own comments: rec2csv text in, rec2csv text out.
# tests/imgnorm.bats compares it with imgnorm byte for byte.
function lround(x) { return x < 0 ? -int(-x + 0.5) : int(x + 0.5) }
function floor(x) { return x == int(x) || x >= 0 ? int(x) : int(x) - 1 }
function P(r, c) { return r < 0 || r > 27 || c < 0 || c > 27 ? 0 : p[r * 28 + c] }
function deskew(centred_only,   s, sx, sy, sxy, syy, x, y, v, cx, cy, mu11, mu02, a, sy0, r0, fy, wy, off, q, k, w1, w0, V0, V1, t) {
	s = sx = sy = sxy = syy = 0
	for (y = 0; y < 28; y++)
		for (x = 0; x < 28; x++) {
			v = p[y * 28 + x]
			s += v; sx += v * x; sy += v * y; sxy += v * x * y; syy += v * y * y
		}
	if (s == 0)
		return -1
	cx = sx / s; cy = sy / s
	if (centred_only && (lround(14 - cx) != 0 || lround(14 - cy) != 0))
		return -1
	mu11 = sxy - sx * sy / s
	mu02 = syy - sy * sy / s
	a = mu02 < 1e-9 * s ? 0 : mu11 / mu02
	sy0 = cy - 14; r0 = floor(sy0); fy = sy0 - r0; wy = lround(fy * 256)
	for (y = 0; y < 28; y++) {
		off = cx - 14 + a * (y - 14)
		for (x = 0; x < 28; x++) {
			if (off <= -28 || off >= 28) { o[y * 28 + x] = 0; continue }
			q = int(off * 256 + 0.5 + 65536); k = int(q / 256) - 256
			w1 = q % 256; w0 = 256 - w1
			V0 = (256 - wy) * P(y + r0, x + k) + wy * P(y + r0 + 1, x + k)
			V1 = (256 - wy) * P(y + r0, x + k + 1) + wy * P(y + r0 + 1, x + k + 1)
			o[y * 28 + x] = int((w0 * V0 + w1 * V1 + 32768) / 65536)
		}
	}
	for (x = 0; x < 784; x++)
		p[x] = o[x]
	return 0
}
function place_com(   s, sx, sy, x, y, v, dx, dy) {
	s = sx = sy = 0
	for (y = 0; y < 28; y++)
		for (x = 0; x < 28; x++) {
			v = p[y * 28 + x]; s += v; sx += v * x; sy += v * y
		}
	if (s == 0)
		return -1
	dx = lround(14 - sx / s); dy = lround(14 - sy / s)
	for (x = 0; x < 784; x++)
		o[x] = 0
	for (y = 0; y < 28; y++)
		for (x = 0; x < 28; x++)
			if (y + dy >= 0 && y + dy < 28 && x + dx >= 0 && x + dx < 28)
				o[(y + dy) * 28 + x + dx] = p[y * 28 + x]
	for (x = 0; x < 784; x++)
		p[x] = o[x]
	return 0
}
BEGIN { FS = OFS = "," }
NR == 1 { print; next }
{
	for (x = 0; x < 784; x++)
		p[x] = $(x + 2)
	if (deskew(1) != 0) {
		if (place_com() != 0)
			next		# no ink: imgnorm drops the record
		deskew(0)
	}
	for (x = 0; x < 784; x++)
		$(x + 2) = p[x]
	print
}
