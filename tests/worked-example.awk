# SPDX-License-Identifier: ISC
# The worked example of digitpipe(7), section 7, computed from the formulas
# of sections 3 to 6: two pictures of D = 2 pixels, K = 3 classes, C = 1,
# one gradient step with eta = 0.5. tests/man.bats checks that every line
# printed here is on the page.
function softmax(i,   k, m, s) {
	m = z[i, 0]
	for (k = 1; k < K; k++) if (z[i, k] > m) m = z[i, k]
	s = 0
	for (k = 0; k < K; k++) s += (p[i, k] = exp(z[i, k] - m))
	for (k = 0; k < K; k++) p[i, k] /= s
}
function forward(   i, j, k, F) {
	F = 0
	for (i = 0; i < n; i++) {
		for (k = 0; k < K; k++) {
			z[i, k] = b[k]
			for (j = 0; j < D; j++) z[i, k] += W[k, j] * x[i, j]
		}
		softmax(i)
		L[i] = -log(p[i, y[i]])
		F += C * L[i]
	}
	ww = 0
	for (k = 0; k < K; k++) for (j = 0; j < D; j++) ww += W[k, j] ^ 2
	PEN = ww / 2
	return F + PEN
}
BEGIN {
	K = 3; D = 2; n = 2; C = 1; eta = 0.5
	x[0, 0] = 255 / 255; x[0, 1] = 51 / 255; y[0] = 2
	x[1, 0] = 0 / 255; x[1, 1] = 255 / 255; y[1] = 0
	F0 = forward()
	for (i = 0; i < n; i++)
		printf "p%d = (%.6f, %.6f, %.6f)  loss%d = %.6f\n", i + 1, p[i, 0], p[i, 1], p[i, 2], i + 1, L[i]
	printf "F = %.6f\n", F0
	for (k = 0; k < K; k++) {
		gb[k] = 0
		for (j = 0; j < D; j++) gW[k, j] = W[k, j]
		for (i = 0; i < n; i++) {
			g = p[i, k] - (y[i] == k)
			gb[k] += C * g
			for (j = 0; j < D; j++) gW[k, j] += C * g * x[i, j]
		}
	}
	for (k = 0; k < K; k++)
		printf "dF/dW row %d = (%.6f, %.6f)  dF/db%d = %.6f\n", k, gW[k, 0], gW[k, 1], k, gb[k]
	for (k = 0; k < K; k++) {
		for (j = 0; j < D; j++) W[k, j] -= eta * gW[k, j]
		b[k] -= eta * gb[k]
		printf "W row %d = (%.6f, %.6f)  b%d = %.6f\n", k, W[k, 0], W[k, 1], k, b[k]
	}
	F1 = forward()
	for (i = 0; i < n; i++)
		printf "p%d = (%.6f, %.6f, %.6f)  loss%d = %.6f\n", i + 1, p[i, 0], p[i, 1], p[i, 2], i + 1, L[i]
	printf "penalty |W|^2 / 2 = %.6f\n", PEN
	printf "F = %.6f\n", F1
}
