# SPDX-License-Identifier: ISC
# Hard inputs for tests/deskew.awk, made from MNIST digits (rec2csv text):
# shifted off centre (some partly out of the frame), a row and a column of
# random ink, a lone pixel, noise.
BEGIN { FS = OFS = ","; srand(7) }
NR == 1 { print; next }
{
	for (x = 0; x < 784; x++) { p[x] = $(x + 2); o[x] = 0 }
	k = (NR - 2) % 5
	if (k == 0 || k == 1) {
		dx = int(rand() * 21) - 10; dy = int(rand() * 21) - 10
		for (y = 0; y < 28; y++) for (x = 0; x < 28; x++)
			if (y + dy >= 0 && y + dy < 28 && x + dx >= 0 && x + dx < 28)
				o[(y + dy) * 28 + x + dx] = p[y * 28 + x]
	} else if (k == 2) {
		y = int(rand() * 28); for (x = 0; x < 28; x++) o[y * 28 + x] = int(rand() * 256)
		x = int(rand() * 28); for (y = 0; y < 28; y++) o[y * 28 + x] = int(rand() * 256)
	} else if (k == 3)
		o[int(rand() * 784)] = 1 + int(rand() * 255)
	else
		for (x = 0; x < 784; x++) o[x] = rand() < 0.3 ? int(rand() * 256) : 0
	for (x = 0; x < 784; x++) $(x + 2) = o[x]
	print
}
