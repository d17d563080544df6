# SPDX-License-Identifier: ISC
# Loaded by every tests/*.bats: assertions, the fresh build first on PATH,
# and small fixtures cut from the MNIST files.
bats_load_library bats-support
bats_load_library bats-assert

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
: "${DP_BIN:=$TOP/build/bin}"
# Test programs (tests/prog/*.c) are built beside the tools, not installed.
: "${DP_TEST:=$DP_BIN/../test}"
PATH=$DP_BIN:$PATH
export PATH
MNIST=${MNIST:-$TOP/data/mnist}
TRAIN_IMG=$MNIST/train-images-idx3-ubyte
TRAIN_LBL=$MNIST/train-labels-idx1-ubyte
TEST_IMG=$MNIST/t10k-images-idx3-ubyte
TEST_LBL=$MNIST/t10k-labels-idx1-ubyte
FIX=$TOP/tests/fixtures

# A small record file of N test records (default 100) at $1.
small_records() {
	idx2raw -n "${2:-100}" "$TEST_IMG" "$TEST_LBL" > "$1"
}

# Assert stdout is empty and stderr is one "prog: ..." line.
assert_data_error() {
	local prog=$1
	[ -z "$output" ] || { echo "stdout not empty: $output" >&2; return 1; }
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] ||
		{ echo "stderr is not one line: $stderr" >&2; return 1; }
	[[ "$stderr" == "$prog: "* ]] ||
		{ echo "stderr lacks '$prog: ': $stderr" >&2; return 1; }
}

# A hand-made model at $1: all weights 0, class 3's bias 1, so every
# record is predicted 3 with probability e / (e + 9) = 0.231969.
bias_model() {
	{
		printf 'digitpipe-model 1\nclasses 10\nwidth 28\nheight 28\nscale 0.0039215686274509803\nsolver hand\nweights\n'
		for k in 0 1 2 3 4 5 6 7 8 9; do
			awk -v b=$([ $k = 3 ] && echo 1 || echo 0) 'BEGIN { for (i = 0; i < 784; i++) printf "0 "; print b }'
		done
	} > "$1"
}

# A hand-made format 3 model at $1: bias_model's classes (every record
# is a 3 with probability 0.231969), and a gate on a 36-byte map whose
# weights are all 0 and whose class-3 bias is 2: p = 1 / (1 + e^-2) =
# 0.880797 for every record; threshold $2.
gate_model() {
	bias_model "$1.base"
	{
		sed '1s/1$/3/' "$1.base"
		printf 'notdigit grad 1\nnotdigit-map orientations 4 cells 14 pixels 0\nnotdigit-threshold %s\nnotdigit-weights\n' "$2"
		for k in 0 1 2 3 4 5 6 7 8 9; do
			awk -v b=$([ $k = 3 ] && echo 2 || echo 0) 'BEGIN { for (i = 0; i < 36; i++) printf "0 "; print b }'
		done
	} > "$1"
}

# skip_or_fail REASON: skip the test, saying why, when something it needs
# is missing. Under CI=true (where scripts/deps --test has installed all
# of it) a skip would hide a broken setup, so it is a failure instead.
skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		fail "CI=true, so this is a failure, not a skip: $1"
		return 1
	fi
	skip "$1"
}
