// SPDX-License-Identifier: ISC
// make-canvas.mjs OUT.png: the page's pad as Chromium sends it (web/app.js:
// 280x280, white, a round black pen of pad.width / 12 px) with a 7 drawn
// in two strokes, encoded by the canvas's own toBlob (an RGBA PNG). The
// benchmarks time it beside tests/fixtures/web/seven.png (a grey PNG of
// an MNIST 7 drawn large). Run from tests/browser (playwright-core, and
// Debian's chromium).
import { chromium } from 'playwright-core';
import fs from 'fs';

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	    '--no-first-run', '--disable-background-networking',
	    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
await page.setContent('<canvas id="c" width="280" height="280"></canvas>');
const b64 = await page.evaluate(async () => {
	const c = document.getElementById('c'), g = c.getContext('2d');
	g.fillStyle = '#fff';
	g.fillRect(0, 0, c.width, c.height);
	g.strokeStyle = '#000';
	g.lineWidth = c.width / 12;
	g.lineCap = 'round';
	g.lineJoin = 'round';
	g.beginPath();
	g.moveTo(78, 62);
	g.lineTo(150, 58);
	g.lineTo(204, 66);
	g.lineTo(160, 140);
	g.lineTo(128, 222);
	g.stroke();
	g.beginPath();
	g.moveTo(120, 142);
	g.lineTo(196, 138);
	g.stroke();
	const blob = await new Promise((done) => c.toBlob(done, 'image/png'));
	const buf = new Uint8Array(await blob.arrayBuffer());
	let s = '';
	for (const x of buf)
		s += String.fromCharCode(x);
	return btoa(s);
});
fs.writeFileSync(process.argv[2], Buffer.from(b64, 'base64'));
await browser.close();
