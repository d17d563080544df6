#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# lrserve's page in a real browser: tests/browser/page.test.mjs under
# node's test runner, driving Debian's chromium with playwright-core
# (installed from tests/browser/package-lock.json by npm ci when missing).
bats_require_minimum_version 1.5.0
load helper

B=$TOP/tests/browser

setup_file() {
	D=$BATS_FILE_TMPDIR
	idx2raw -n 5000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q -o "$D/m"
	if [ ! -d "$B/node_modules/playwright-core" ]; then
		(cd "$B" && npm ci --no-audit --no-fund --loglevel=error) >&3 2>&1
	fi
}

@test "browser: draw, paint an MNIST digit, upload, drop, Clear, on a phone; screenshot" {
	D=$BATS_FILE_TMPDIR
	shot=$TOP/$(basename "${DP_BIN%/bin}")/browser/page.png
	mkdir -p "$(dirname "$shot")"
	cd "$B"
	run -0 env DP_BIN="$DP_BIN" DP_MODEL="$D/m" DP_MNIST="$MNIST" DP_SHOT="$shot" \
		timeout 300 node --test --test-reporter=tap --test-timeout=120000
	assert_line --regexp '^# pass [1-9]'
	assert_line '# fail 0'
	[ -s "$shot" ]
}
