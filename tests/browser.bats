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
	# playwright-core 1.61 runs on Node 18 (Debian 12's nodejs) and later.
	major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
	if [ "$major" -lt 18 ] || [ ! -x /usr/bin/chromium ]; then
		export DP_BROWSER_SKIP="needs Node >= 18 (found ${major}) and /usr/bin/chromium"
		return 0
	fi
	# With a decline threshold, as a model for the page is trained.
	idx2raw -n 5000 "$TRAIN_IMG" "$TRAIN_LBL" | imgnorm | lrtrain -q --holdout 0.2 -o "$D/m"
	grep -q '^decline 0\.[0-9]' "$D/m"
	# npm ci again when node_modules holds another version than the lock.
	want=$(sed -n '/"node_modules\/playwright-core"/,/version/s/.*"version": "\(.*\)".*/\1/p' "$B/package-lock.json")
	have=$(sed -n 's/^ *"version": "\(.*\)".*/\1/p' "$B/node_modules/playwright-core/package.json" 2>/dev/null | head -n 1)
	if [ "$have" != "$want" ]; then
		(cd "$B" && npm ci --no-audit --no-fund --loglevel=error) >&3 2>&1
	fi
}

@test "browser: draw, paint an MNIST digit, a number, not a digit, upload, drop, Clear, on a phone; screenshot" {
	[ -z "${DP_BROWSER_SKIP:-}" ] || skip_or_fail "$DP_BROWSER_SKIP"
	D=$BATS_FILE_TMPDIR
	shot=$TOP/$(basename "${DP_BIN%/bin}")/browser/page.png
	mkdir -p "$(dirname "$shot")"
	cd "$B"
	run -0 env DP_BIN="$DP_BIN" DP_MODEL="$D/m" DP_MNIST="$MNIST" DP_SHOT="$shot" \
		timeout 300 node --test --test-reporter=tap page.test.mjs
	assert_line --regexp '^# pass [1-9]'
	assert_line '# fail 0'
	[ -s "$shot" ]
}
