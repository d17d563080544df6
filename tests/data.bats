#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
bats_require_minimum_version 1.5.0
load helper

@test "fetch-mnist: a local copy is verified and installed" {
	run -0 env MNIST_DIR="$MNIST" sh "$TOP/scripts/fetch-mnist" "$BATS_TEST_TMPDIR/ok"
	assert_output "fetch-mnist: $BATS_TEST_TMPDIR/ok: 4 files verified"
	cmp "$MNIST/t10k-images-idx3-ubyte" "$BATS_TEST_TMPDIR/ok/t10k-images-idx3-ubyte"
}

@test "fetch-mnist: a file whose SHA-256 differs is refused and nothing installed" {
	t=$BATS_TEST_TMPDIR
	mkdir "$t/src"
	cp "$MNIST"/*-ubyte "$t/src/"
	printf 'x' | dd of="$t/src/t10k-labels-idx1-ubyte" bs=1 seek=100 conv=notrunc 2>/dev/null
	run -1 --separate-stderr env MNIST_DIR="$t/src" sh "$TOP/scripts/fetch-mnist" "$t/dst"
	[[ "$stderr" == *"fetch-mnist: SHA-256 mismatch"* ]]
	assert_equal "$(ls -A "$t/dst")" ""
}

@test "fetch-mnist: the verified files have the published sums" {
	run -0 sh -c "cd '$MNIST' && sha256sum train-images-idx3-ubyte t10k-labels-idx1-ubyte"
	assert_line "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte"
	assert_line "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"
}
