// SPDX-License-Identifier: ISC
// lrserve's page in a real browser: Debian's chromium, driven by
// playwright-core (no browser is downloaded). Run by tests/browser.bats:
//   DP_BIN=build/bin DP_MODEL=model DP_MNIST=data/mnist node --test
// DP_SHOT, if set, is where the screenshot goes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BIN = process.env.DP_BIN;
const MODEL = process.env.DP_MODEL;
const MNIST = process.env.DP_MNIST;
// (import.meta.dirname and --test-timeout are newer than Node 18, Debian 12's.)
const TOP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LIMIT = { timeout: 120000 };	// each test and hook
const CHROMIUM = process.env.DP_CHROMIUM || '/usr/bin/chromium';
const tmp = mkdtempSync(path.join(tmpdir(), 'lrserve-browser.'));

let server, url, browser, page;
const problems = [];	// console errors, CSP violations, failed requests

// A second lrserve with these arguments: resolves to [process, URL].
function startServer(args) {
	const srv = spawn(path.join(BIN, 'lrserve'), ['-p', '0', ...args],
	    { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		let buf = '';
		srv.stdout.on('data', (d) => { buf += d; if (buf.includes('\n')) resolve([srv, buf.trim()]); });
		srv.on('exit', (code) => reject(new Error('lrserve exited ' + code)));
	});
}

// imgnorm --segment | lrpredict | lrnumber -v on a picture file:
// [number, [[digit, x, y, w, h], ...]].
function cliNumber(file) {
	const recs = execFileSync(path.join(BIN, 'imgnorm'), ['--segment', file]);
	const pred = execFileSync(path.join(BIN, 'lrpredict'), ['-m', MODEL], { input: recs });
	const f = execFileSync(path.join(BIN, 'lrnumber'), ['-v'], { input: pred })
	    .toString().trim().split('\t');
	return [f[1], f.slice(3).map((d) => {
		const [, digit, box] = d.match(/^(.):[0-9.]+@(.*)$/);
		return [digit, ...box.split(',').map(Number)];
	})];
}

// The tools' answer for a picture file: [digit, p0 .. p9] as numbers.
function cliAnswer(file) {
	const rec = execFileSync(path.join(BIN, 'imgnorm'), [file]);
	const line = execFileSync(path.join(BIN, 'lrpredict'), ['-p', '-m', MODEL],
	    { input: rec }).toString().trim().split('\t');
	return [Number(line[2]), ...line.slice(4, 14).map(Number)];
}

function webAnswer(json) {
	return [json.digit, ...json.probabilities];
}

before(async () => {
	assert.ok(BIN && MODEL && MNIST, 'set DP_BIN, DP_MODEL and DP_MNIST');
	server = spawn(path.join(BIN, 'lrserve'), ['-m', MODEL, '-p', '0', '-b', '127.0.0.1'],
	    { stdio: ['ignore', 'pipe', 'inherit'] });
	url = await new Promise((resolve, reject) => {
		let buf = '';
		server.stdout.on('data', (d) => {
			buf += d;
			if (buf.includes('\n'))
				resolve(buf.trim());
		});
		server.on('exit', (code) => reject(new Error('lrserve exited ' + code)));
	});
	assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
	const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
	// Only the server itself may be reached: anything else is a failure.
	await context.route((u) => !u.href.startsWith(url), (route) => {
		problems.push('outside request: ' + route.request().url());
		return route.abort();
	});
	page = await context.newPage();
	page.on('console', (m) => {
		// A 400 is how the server says "no ink" or "not a picture": the
		// browser logs it, the page shows it.
		if ((m.type() === 'error' || m.type() === 'warning') &&
		    !/status of 400 \(Bad Request\)/.test(m.text()))
			problems.push('console: ' + m.text());
	});
	page.on('pageerror', (e) => problems.push('page error: ' + e.message));
	page.on('requestfailed', (r) => problems.push('failed: ' + r.url()));
	await page.goto(url);
	await page.waitForFunction(() => document.body.dataset.state === 'idle');
});

after(async () => {
	if (browser)
		await browser.close();
	if (server && server.exitCode === null) {
		const exited = new Promise((resolve) => server.on('exit', (code, sig) => resolve([code, sig])));
		server.kill('SIGTERM');
		const timer = new Promise((resolve) => setTimeout(() => resolve('still running after 5 s'), 5000).unref());
		const how = await Promise.race([exited, timer]);
		if (server.exitCode === null)
			server.kill('SIGKILL');
		assert.deepEqual(how, [0, null], 'lrserve stops with status 0 on SIGTERM');
	}
	rmSync(tmp, { recursive: true, force: true });
});

// Run action, then wait for the page to show an answer to the last
// request it sent; returns that request's body, status and JSON answer
// (kept by the page in window.digitpipe.last).
async function answered(action) {
	const n = await page.evaluate(() => Number(document.body.dataset.answers || 0));
	await action();
	await page.waitForFunction((n) => Number(document.body.dataset.answers || 0) > n &&
	    document.body.dataset.state !== 'busy', n);
	const last = await page.evaluate(async () => {
		const l = window.digitpipe.last;
		return { body: Array.from(new Uint8Array(await l.sent.arrayBuffer())),
		    status: l.status, json: l.answer };
	});
	return { ...last, body: Buffer.from(last.body) };
}

async function stroke(points) {
	const box = await page.locator('#pad').boundingBox();
	const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
	await page.mouse.move(...at(points[0]));
	await page.mouse.down();
	for (const p of points.slice(1))
		await page.mouse.move(...at(p), { steps: 8 });
	await page.mouse.up();
}

const text = (sel) => page.locator(sel).textContent();

test('the page: no CDN, no errors, the parts the issue asks for', LIMIT, async () => {
	assert.equal(await page.title(), 'digitpipe: which digit is it?');
	assert.equal(await page.locator('#bars li').count(), 10);
	assert.equal(await page.locator('#pad').evaluate((c) => getComputedStyle(c).touchAction), 'none');
	assert.equal(await page.locator('#input').evaluate((c) => getComputedStyle(c).imageRendering), 'pixelated');
	for (const b of ['Undo', 'Clear'])
		assert.ok(await page.getByRole('button', { name: b }).isVisible());
	assert.equal(await page.locator('#file').getAttribute('accept'), 'image/*');
	// On a desktop: the drop hint and a webcam button, no phone camera.
	assert.ok(await page.locator('.hint').isVisible());
	assert.ok(await page.getByRole('button', { name: 'Camera' }).isVisible());
	assert.equal(await page.locator('label[for=camera]').isVisible(), false);
	assert.deepEqual(problems, []);
});

test('draw a 1 with the mouse: the page says 1', LIMIT, async () => {
	const a = await answered(() => stroke([[0.52, 0.15], [0.5, 0.5], [0.48, 0.85]]));
	assert.equal(a.status, 200);
	assert.equal(a.json.digit, 1);
	assert.equal(await text('#digit'), '1');
	assert.match(await text('#prob'), /^\d+(\.\d)?%$/);
	// What was sent is a PNG the tools read alike.
	const f = path.join(tmp, 'one.png');
	writeFileSync(f, a.body);
	assert.deepEqual(webAnswer(a.json), cliAnswer(f));
	assert.equal(await page.locator('#bars li.best').count(), 1);
});

test('Undo takes the last stroke back; Clear empties the pad and sends nothing', LIMIT, async () => {
	await answered(() => stroke([[0.2, 0.5], [0.8, 0.5]]));
	const a = await answered(() => page.getByRole('button', { name: 'Undo' }).click());
	assert.equal(a.json.digit, 1, 'back to the 1 alone');
	const posts = [];
	const onreq = (r) => { if (r.url().endsWith('/api/predict')) posts.push(r.url()); };
	page.on('request', onreq);
	const n = await page.evaluate(() => Number(document.body.dataset.answers || 0));
	await page.getByRole('button', { name: 'Clear' }).click();
	await page.getByRole('button', { name: 'Clear' }).click();
	await page.getByRole('button', { name: 'Undo' }).click();
	await page.waitForTimeout(300);
	page.off('request', onreq);
	assert.deepEqual(posts, [], 'an empty pad is not posted');
	assert.equal(await page.evaluate(() => Number(document.body.dataset.answers || 0)), n);
	assert.equal(await text('#status'), 'Draw a digit.');
	assert.equal(await text('#digit'), '?');
	assert.equal(await page.locator('#bars li.best').count(), 0);
	// A picture without ink still gets the server's "no digit found".
	const b = await answered(() => page.locator('#file').setInputFiles(path.join(TOP, 'tests/fixtures/web/blank.png')));
	assert.equal(b.status, 400);
	assert.equal(await text('#status'), 'no digit found');
	assert.equal(await text('#digit'), '\u2013');
});

test('a known MNIST test digit painted on the canvas gets lrpredict\'s answer', LIMIT, async () => {
	// Test record 0 (a 7), painted 10x as dark ink on the white pad.
	const idx = readFileSync(path.join(MNIST, 't10k-images-idx3-ubyte'));
	const pix = Array.from(idx.subarray(16, 16 + 784));
	const rec = execFileSync(path.join(BIN, 'idx2raw'), ['-n', '1',
	    path.join(MNIST, 't10k-images-idx3-ubyte'), path.join(MNIST, 't10k-labels-idx1-ubyte')]);
	const norm = execFileSync(path.join(BIN, 'imgnorm'), [], { input: rec });
	const tsv = execFileSync(path.join(BIN, 'lrpredict'), ['-m', MODEL], { input: norm })
	    .toString().split('\t');
	const a = await answered(() => page.evaluate((pix) => {
		const small = document.createElement('canvas');
		small.width = small.height = 28;
		const sc = small.getContext('2d');
		const im = sc.createImageData(28, 28);
		pix.forEach((v, i) => im.data.set([255 - v, 255 - v, 255 - v, 255], 4 * i));
		sc.putImageData(im, 0, 0);
		const pad = document.getElementById('pad');
		const c = pad.getContext('2d');
		c.imageSmoothingEnabled = true;
		c.drawImage(small, 0, 0, pad.width, pad.height);
		return window.digitpipe.predict();
	}, pix));
	assert.equal(a.status, 200);
	assert.equal(a.json.digit, Number(tsv[2]), 'the digit lrpredict gives the record');
	assert.equal(a.json.digit, 7);
	assert.equal(await text('#digit'), '7');
	// And the canvas PNG itself gives exactly what imgnorm | lrpredict give.
	const f = path.join(tmp, 'painted.png');
	writeFileSync(f, a.body);
	assert.deepEqual(webAnswer(a.json), cliAnswer(f));
	// The 28x28 input shown is the server's, ink dark.
	const shown = await page.locator('#input').evaluate((c) =>
	    Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data).filter((_, i) => i % 4 === 0));
	assert.deepEqual(shown, a.json.input.map((v) => 255 - v));
});

test('draw a two-digit number with the mouse: the page reads it and boxes each digit', LIMIT, async () => {
	await page.getByRole('button', { name: 'Clear' }).click();
	// A 1, then a 7 beside it: the answer to the second stroke is the number.
	await answered(() => stroke([[0.25, 0.25], [0.25, 0.75]]));
	const a = await answered(() => stroke([[0.5, 0.27], [0.8, 0.25], [0.62, 0.75]]));
	assert.equal(a.status, 200);
	assert.equal(a.json.number, '17', JSON.stringify(a.json.digits && a.json.digits.map((d) => d.probabilities)));
	assert.equal(a.json.digits.length, 2);
	assert.equal(a.json.digit, undefined);
	// What was sent is a PNG the tools read as the same number, boxes too.
	const f = path.join(tmp, 'number.png');
	writeFileSync(f, a.body);
	assert.deepEqual([a.json.number, a.json.digits.map((d) => [String(d.digit), ...d.box])], cliNumber(f));
	// The 1's box lies round x = 70 of the 280 px pad, the 7's from 140
	// less the brush to 224 and more, both from y = 70 to 210 or so.
	const [b1, b7] = a.json.digits.map((d) => d.box);
	assert.ok(b1[0] < 70 && b1[0] + b1[2] > 70 && b1[0] + b1[2] < b7[0] &&
	    b7[0] > 100 && b7[0] + b7[2] > 224 && b7[0] + b7[2] < 280, JSON.stringify([b1, b7]));
	for (const b of [b1, b7])
		assert.ok(b[1] > 40 && b[1] < 80 && b[1] + b[3] > 200 && b[1] + b[3] < 240, JSON.stringify(b));
	assert.equal(await text('#digit'), '17');
	assert.equal(await text('#status'), 'It reads 17.');
	// A button per digit; the first is shown: its bars and its input.
	const buttons = page.locator('#digits button');
	assert.equal(await buttons.count(), 2);
	assert.equal(await buttons.nth(0).getAttribute('aria-pressed'), 'true');
	assert.equal(await page.locator('#bars li.best span').first().textContent(), '1');
	const input = () => page.locator('#input').evaluate((c) =>
	    Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data).filter((_, i) => i % 4 === 0));
	assert.deepEqual(await input(), a.json.digits[0].input.map((v) => 255 - v));
	await buttons.nth(1).click();
	assert.equal(await buttons.nth(1).getAttribute('aria-pressed'), 'true');
	assert.equal(await page.locator('#bars li.best span').first().textContent(), '7');
	assert.deepEqual(await input(), a.json.digits[1].input.map((v) => 255 - v));
	// The boxes are drawn over the pad (on its own layer, not sent): the
	// middle of each box's top edge is painted, the middle of the gap not.
	const painted = await page.locator('#boxes').evaluate((c, boxes) => {
		const g = c.getContext('2d');
		const at = (x, y) => g.getImageData(Math.round(x), Math.round(y), 1, 1).data[3];
		return boxes.map(([x, y, w]) => at(x + w / 2, y)).concat([at((boxes[0][0] + boxes[0][2] + boxes[1][0]) / 2, 140)]);
	}, [b1, b7]);
	assert.ok(painted[0] > 0 && painted[1] > 0 && painted[2] === 0, JSON.stringify(painted));
	// A number is not corrected as one digit.
	assert.equal(await page.locator('#fix').isVisible(), false);
	await page.getByRole('button', { name: 'Clear' }).click();
	assert.equal(await page.locator('#digits').isVisible(), false);
});

test('draw a long dash: the page says "not a digit", not a confident digit', LIMIT, async () => {
	await page.getByRole('button', { name: 'Clear' }).click();
	const a = await answered(() => stroke([[0.12, 0.52], [0.5, 0.5], [0.88, 0.48]]));
	assert.equal(a.status, 200);
	assert.deepEqual(a.json, { declined: true, answer: 'not a digit',
	    why: 'no digit-like mark (a long flat stroke: a dash?)' });
	assert.equal(await text('#digit'), '\u2013');
	assert.equal(await text('#status'), 'not a digit: no digit-like mark (a long flat stroke: a dash?).');
	assert.equal(await page.locator('#bars li.best').count(), 0);
	assert.equal(await text('#prob'), '');
	await page.getByRole('button', { name: 'Clear' }).click();
});

test('a digit the model is not sure of: "not sure (maybe a or b)", its two likeliest', LIMIT, async () => {
	// The same model, declining every answer under 0.999999.
	const m = path.join(tmp, 'unsure.model');
	writeFileSync(m, readFileSync(MODEL).toString().replace(/^decline .*$/m, 'decline 0.999999'));
	const [srv, u] = await startServer(['-m', m]);
	try {
		const p = await (await browser.newContext({ viewport: { width: 900, height: 800 } })).newPage();
		await p.goto(u);
		await p.waitForFunction(() => document.body.dataset.state === 'idle');
		const box = await p.locator('#pad').boundingBox();
		const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
		const pts = [[0.3, 0.3], [0.5, 0.18], [0.7, 0.3], [0.65, 0.5], [0.3, 0.82], [0.72, 0.82]];
		await p.mouse.move(...at(pts[0]));
		await p.mouse.down();
		for (const q of pts.slice(1))
			await p.mouse.move(...at(q), { steps: 8 });
		await p.mouse.up();
		await p.waitForFunction(() => document.body.dataset.state === 'done');
		const said = await p.evaluate(() => window.digitpipe.last.answer);
		assert.equal(said.declined, true, JSON.stringify(said));
		assert.equal(said.digit, undefined);
		// The two likeliest of its own probabilities, the likelier first.
		const order = said.probabilities.map((v, k) => [v, k]).sort((x, y) => y[0] - x[0]);
		assert.deepEqual(said.maybe, [order[0][1], order[1][1]]);
		const words = 'not sure (maybe ' + said.maybe[0] + ' or ' + said.maybe[1] + ')';
		assert.equal(said.answer, words);
		assert.equal(await p.locator('#status').textContent(), words + '.');
		assert.equal(await p.locator('#digit').textContent(), '?');
		assert.equal(await p.locator('#bars li.best').count(), 0);
		assert.equal(await p.locator('#bars li.maybe').count(), 2);
		await p.context().close();
	} finally {
		srv.kill('SIGTERM');
	}
});

test('upload a PNG with the file picker, and a JPEG by drag and drop', LIMIT, async () => {
	const png = path.join(TOP, 'tests/fixtures/web/seven.png');
	let a = await answered(() => page.locator('#file').setInputFiles(png));
	assert.equal(a.status, 200);
	assert.deepEqual(a.body, readFileSync(png), 'the file is sent as it is');
	assert.deepEqual(webAnswer(a.json), cliAnswer(png));
	assert.equal(await text('#digit'), '7');

	const jpg = path.join(TOP, 'tests/fixtures/web/two.jpg');
	const bytes = Array.from(readFileSync(jpg));
	a = await answered(() => page.evaluate((bytes) => {
		const dt = new DataTransfer();
		dt.items.add(new File([new Uint8Array(bytes)], 'two.jpg', { type: 'image/jpeg' }));
		document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
	}, bytes));
	assert.equal(a.status, 200);
	assert.deepEqual(webAnswer(a.json), cliAnswer(jpg));
	assert.equal(await text('#digit'), '2');
});

test('a file that is no picture: the server\'s reason is shown', LIMIT, async () => {
	const a = await answered(() => page.locator('#file').setInputFiles({
		name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture'),
	}));
	assert.equal(a.status, 400);
	assert.match(await text('#status'), /not a PNG or JPEG picture/);
	// The browser may log the failed picture decode; nothing else.
	problems.length = 0;
});

// A photo of MNIST test digit 0 (a 7) made in the page: the digit dark
// on grey-white paper with grain, w x h, encoded as type (JPEG or WebP).
// Returns its size in bytes; window.photo holds the File.
async function makePhoto(w, h, type, quality) {
	const idx = readFileSync(path.join(MNIST, 't10k-images-idx3-ubyte'));
	const pix = Array.from(idx.subarray(16, 16 + 784));
	return page.evaluate(async ([pix, w, h, type, quality]) => {
		const c = document.createElement('canvas');
		c.width = w;
		c.height = h;
		const g = c.getContext('2d');
		const im = g.createImageData(w, h);
		const d = im.data;
		const side = Math.floor(Math.min(w, h) * 0.6);
		const x0 = (w - side) >> 1, y0 = (h - side) >> 1;
		let seed = 1;
		for (let y = 0; y < h; y++)
			for (let x = 0; x < w; x++) {
				let ink = 0;
				if (x >= x0 && x < x0 + side && y >= y0 && y < y0 + side)
					ink = pix[Math.floor((y - y0) * 28 / side) * 28 + Math.floor((x - x0) * 28 / side)];
				seed = (seed * 1103515245 + 12345) >>> 0;
				const v = 235 - ink * 0.8 + ((seed >>> 16) % 41) - 20;
				const i = 4 * (y * w + x);
				d[i] = d[i + 1] = v;
				d[i + 2] = v - 10;
				d[i + 3] = 255;
			}
		g.putImageData(im, 0, 0);
		const blob = await new Promise((done) => c.toBlob(done, type, quality));
		window.photo = new File([blob], 'photo.' + type.split('/')[1], { type });
		c.width = c.height = 1;	// let the big canvas go
		return blob.size;
	}, [pix, w, h, type, quality]);
}

// Open window.photo with the file picker's change path; the answer, how
// long it took and the size of what was sent.
async function openPhoto() {
	const t0 = Date.now();
	const a = await answered(() => page.evaluate(() => {
		const dt = new DataTransfer();
		dt.items.add(window.photo);
		const input = document.getElementById('file');
		input.files = dt.files;
		input.dispatchEvent(new Event('change', { bubbles: true }));
	}));
	const ms = Date.now() - t0;
	const dims = await page.evaluate(async () => {
		const b = await createImageBitmap(window.digitpipe.last.sent);
		return [b.width, b.height];
	});
	return { ...a, ms, dims };
}

test('a 4000x3000 phone photo of over 5 MB and a 48-megapixel one: downscaled in the browser, the right digit', LIMIT, async () => {
	const size = await makePhoto(4000, 3000, 'image/jpeg', 0.95);
	assert.ok(size >= 5 * 1024 * 1024, 'the photo is ' + size + ' bytes');
	let a = await openPhoto();
	assert.equal(a.status, 200, JSON.stringify(a.json));
	assert.equal(a.json.digit, 7);
	assert.equal(await text('#digit'), '7');
	assert.deepEqual(a.dims, [1024, 768], 'sent at 1024 px on the long side');
	assert.ok(a.body.length < 1024 * 1024, 'sent ' + a.body.length + ' bytes');
	console.log('# 4000x3000 JPEG of ' + size + ' bytes: answered in ' + a.ms + ' ms');

	const big = await makePhoto(8000, 6000, 'image/jpeg', 0.9);
	a = await openPhoto();
	assert.equal(a.status, 200, JSON.stringify(a.json));
	assert.equal(a.json.digit, 7);
	assert.deepEqual(a.dims, [1024, 768]);
	console.log('# 8000x6000 JPEG of ' + big + ' bytes: answered in ' + a.ms + ' ms');
	await page.evaluate(() => { window.photo = null; });
});

test('a WebP picture is decoded by the browser and sent as a PNG', LIMIT, async () => {
	const size = await makePhoto(600, 600, 'image/webp', 0.9);
	const photo = await page.evaluate(() => window.photo.type);
	assert.equal(photo, 'image/webp', 'this browser writes WebP');
	const a = await openPhoto();
	assert.equal(a.status, 200, JSON.stringify(a.json));
	assert.equal(a.json.digit, 7);
	assert.deepEqual([...a.body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG was sent');
	assert.deepEqual(a.dims, [600, 600]);
	assert.ok(size > 0);
});

test('a screenshot of the page with an answer', LIMIT, async () => {
	await page.getByRole('button', { name: 'Clear' }).click();
	await answered(() => stroke([[0.3, 0.25], [0.5, 0.15], [0.7, 0.25], [0.65, 0.45], [0.3, 0.85], [0.75, 0.85]]));
	const shot = process.env.DP_SHOT || path.join(tmp, 'page.png');
	await page.screenshot({ path: shot, fullPage: true });
	assert.ok(readFileSync(shot).length > 1000);
	assert.deepEqual(problems, []);
});

test('on a phone: it fits the screen, and a finger draws', LIMIT, async () => {
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
	const p = await ctx.newPage();
	await p.goto(url);
	await p.waitForFunction(() => document.body.dataset.state === 'idle');
	const box = await p.locator('#pad').boundingBox();
	assert.ok(box.x >= 0 && box.x + box.width <= 390, 'the pad fits the width');
	// Nothing to drop on a phone: no hint; its own camera, no webcam button.
	assert.equal(await p.locator('.hint').isVisible(), false);
	assert.ok(await p.locator('label[for=camera]').isVisible());
	assert.equal(await p.locator('#camera').getAttribute('capture'), 'environment');
	assert.equal(await p.locator('#camera').getAttribute('accept'), 'image/*');
	assert.equal(await p.getByRole('button', { name: 'Camera' }).isVisible(), false);

	// A touch stroke through the Pointer Events the page listens to.
	const n = await p.evaluate(() => Number(document.body.dataset.answers || 0));
	const cdp = await ctx.newCDPSession(p);
	const pt = (fx, fy) => [{ x: box.x + fx * box.width, y: box.y + fy * box.height }];
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: pt(0.5, 0.15) });
	for (let i = 1; i <= 10; i++)
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: pt(0.5, 0.15 + 0.07 * i) });
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await p.waitForFunction((n) => Number(document.body.dataset.answers || 0) > n &&
	    document.body.dataset.state !== 'busy', n);
	assert.equal(await p.locator('#digit').textContent(), '1');
	await p.screenshot({ path: path.join(path.dirname(process.env.DP_SHOT || path.join(tmp, 'x')), 'phone.png') });
	await ctx.close();
});

test('the camera: a webcam snapshot (chromium\'s fake camera showing a 7) gets an answer', LIMIT, async () => {
	// A Y4M video of MNIST test digit 0, dark on light, for the fake camera.
	const idx = readFileSync(path.join(MNIST, 't10k-images-idx3-ubyte'));
	const W = 640, H = 480, side = 300;
	const y = Buffer.alloc(W * H, 230);
	for (let r = 0; r < side; r++)
		for (let c = 0; c < side; c++)
			y[(90 + r) * W + 170 + c] = 230 - Math.round(0.85 * idx[16 + Math.floor(r * 28 / side) * 28 + Math.floor(c * 28 / side)]);
	const uv = Buffer.alloc(W * H / 2, 128);
	const frame = Buffer.concat([Buffer.from('FRAME\n'), y, uv]);
	const video = path.join(tmp, 'seven.y4m');
	writeFileSync(video, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`),
	    frame, frame, frame]));
	const cam = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
		    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
		    '--use-file-for-fake-video-capture=' + video],
	});
	try {
		const p = await (await cam.newContext({ viewport: { width: 900, height: 800 } })).newPage();
		await p.goto(url);
		await p.waitForFunction(() => document.body.dataset.state === 'idle');
		await p.getByRole('button', { name: 'Camera' }).click();
		await p.waitForFunction(() => document.body.dataset.camera === 'on' &&
		    document.getElementById('video').videoWidth > 0);
		assert.ok(await p.locator('#video').isVisible());
		await p.getByRole('button', { name: 'Take the picture' }).click();
		await p.waitForFunction(() => Number(document.body.dataset.answers || 0) > 0 &&
		    document.body.dataset.state !== 'busy');
		const last = await p.evaluate(() => ({ status: window.digitpipe.last.status,
		    json: window.digitpipe.last.answer, type: window.digitpipe.last.sent.type }));
		assert.equal(last.status, 200, JSON.stringify(last.json));
		assert.equal(last.type, 'image/jpeg');
		assert.equal(last.json.digit, 7);
		assert.equal(await p.locator('#digit').textContent(), '7');
		assert.equal(await p.locator('#cam').isVisible(), false, 'the camera is closed');
	} finally {
		await cam.close();
	}
});

test('"Wrong? It is a": with lrserve --keep, the correction lands in the file as a labelled record', LIMIT, async () => {
	// No buttons while the server keeps nothing.
	assert.equal(await page.locator('#fix').isVisible(), false);
	const kept = path.join(tmp, 'kept.rec');
	const srv = spawn(path.join(BIN, 'lrserve'), ['-m', MODEL, '-p', '0', '--keep', kept],
	    { stdio: ['ignore', 'pipe', 'inherit'] });
	try {
		const u = await new Promise((resolve, reject) => {
			let buf = '';
			srv.stdout.on('data', (d) => { buf += d; if (buf.includes('\n')) resolve(buf.trim()); });
			srv.on('exit', (code) => reject(new Error('lrserve exited ' + code)));
		});
		const p = await (await browser.newContext({ viewport: { width: 900, height: 800 } })).newPage();
		await p.goto(u);
		await p.waitForFunction(() => document.body.dataset.state === 'idle');
		// A 2 drawn as a Z-ish stroke may be read as anything: whatever
		// the model says, the user says it is a 2 (or a 3 if it said 2).
		const box = await p.locator('#pad').boundingBox();
		const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
		const pts = [[0.3, 0.3], [0.5, 0.18], [0.7, 0.3], [0.65, 0.5], [0.3, 0.82], [0.72, 0.82]];
		await p.mouse.move(...at(pts[0]));
		await p.mouse.down();
		for (const q of pts.slice(1))
			await p.mouse.move(...at(q), { steps: 8 });
		await p.mouse.up();
		await p.waitForFunction(() => document.body.dataset.state === 'done');
		const said = await p.evaluate(() => window.digitpipe.last.answer);
		const truth = said.digit === 2 ? 3 : 2;
		assert.ok(await p.locator('#fix').isVisible(), 'the buttons show with an answer');
		await p.getByRole('button', { name: 'It is a ' + truth, exact: true }).click();
		await p.waitForFunction(() => document.body.dataset.kept === '1');
		assert.match(await p.locator('#status').textContent(), new RegExp('^Kept as a ' + truth + ': thank you'));
		assert.equal(await p.locator('#fix').isVisible(), false);
		const rec = readFileSync(kept);
		assert.equal(rec.length, 1024, 'one whole record');
		assert.equal(rec.subarray(0, 4).toString(), 'DPR1');
		assert.equal(rec[4], truth, 'labelled with the correction');
		assert.deepEqual(Array.from(rec.subarray(240, 1024)), said.input, 'the picture the model saw');
		await p.context().close();
	} finally {
		srv.kill('SIGTERM');
	}
});
