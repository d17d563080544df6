// SPDX-License-Identifier: ISC
// lrserve's page: a drawing pad (Pointer Events), a file picker and a
// camera, all sending a PNG or JPEG to POST api/predict, and the answer
// drawn back: the digit (or the number, with a box over each digit on
// the pad, or "not a digit" / "not sure (maybe 4 or 9)"), ten
// probability bars, the 28x28 input and which pixels pushed the decision
// (weight x input, from GET api/model).
// Pictures are decoded by the browser (so any format it reads works) and
// sent downscaled to at most MAX_SIDE pixels on their long side.
'use strict';

(function () {
	const $ = (id) => document.getElementById(id);
	const pad = $('pad');
	const ctx = pad.getContext('2d');
	const BRUSH = pad.width / 12;	// MNIST strokes are ~2 of 20 px
	const MAX_SIDE = 1024;		// pictures are sent no larger than this
	const AS_IS = 2 << 20;		// a small PNG or JPEG goes as it is
	let strokes = [];		// each a list of [x, y] in pad pixels
	let current = null;
	let backdrop = null;		// an opened picture, drawn under the strokes
	let seq = 0;			// answers to older requests are dropped
	let model = null;		// {scale, weights: 10 x 785}
	let geom = null;		// the picture sent on the pad: at x, y, k pad pixels a pixel
	const api = { last: null };

	// ---- drawing ----------------------------------------------------
	// Where the backdrop lies on the pad: centred, whole.
	function backdropRect() {
		const s = Math.min(pad.width / backdrop.width, pad.height / backdrop.height);
		const w = backdrop.width * s, h = backdrop.height * s;
		return { x: (pad.width - w) / 2, y: (pad.height - h) / 2, w, h };
	}

	function redraw() {
		// The boxes of an earlier answer go with the picture they were on.
		$('boxes').getContext('2d').clearRect(0, 0, pad.width, pad.height);
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, pad.width, pad.height);
		if (backdrop) {
			const r = backdropRect();
			ctx.drawImage(backdrop, r.x, r.y, r.w, r.h);
		}
		ctx.strokeStyle = '#000';
		ctx.fillStyle = '#000';
		ctx.lineWidth = BRUSH;
		ctx.lineCap = 'round';
		ctx.lineJoin = 'round';
		for (const s of strokes)
			drawStroke(s);
	}

	function drawStroke(s) {
		if (s.length === 1) {	// a dot
			ctx.beginPath();
			ctx.arc(s[0][0], s[0][1], BRUSH / 2, 0, 2 * Math.PI);
			ctx.fill();
			return;
		}
		ctx.beginPath();
		ctx.moveTo(s[0][0], s[0][1]);
		for (let i = 1; i < s.length; i++)
			ctx.lineTo(s[i][0], s[i][1]);
		ctx.stroke();
	}

	// Pointer position in pad pixels, whatever size CSS gives the canvas.
	function at(e) {
		const r = pad.getBoundingClientRect();
		return [(e.clientX - r.left) * pad.width / r.width,
			(e.clientY - r.top) * pad.height / r.height];
	}

	pad.addEventListener('pointerdown', (e) => {
		if (e.button !== 0 && e.pointerType === 'mouse')
			return;
		e.preventDefault();
		pad.setPointerCapture(e.pointerId);
		current = [at(e)];
		strokes.push(current);
		redraw();
	});
	pad.addEventListener('pointermove', (e) => {
		if (!current)
			return;
		const evs = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
		for (const ev of evs.length ? evs : [e])
			current.push(at(ev));
		redraw();
	});
	function endStroke() {
		if (!current)
			return;
		current = null;
		sendCanvas();
	}
	pad.addEventListener('pointerup', endStroke);
	pad.addEventListener('pointercancel', endStroke);

	// An empty pad is not sent: the page just asks for a digit again.
	function sendOrReset() {
		if (strokes.length || backdrop)
			return sendCanvas();
		seq++;			// an answer still on its way is dropped
		reset();
	}
	$('undo').addEventListener('click', () => {
		if (strokes.length)
			strokes.pop();
		else
			backdrop = null;
		redraw();
		sendOrReset();
	});
	$('clear').addEventListener('click', () => {
		strokes = [];
		backdrop = null;
		redraw();
		sendOrReset();
	});

	// ---- pictures from files and the camera ----------------------------
	// A picture the browser decodes is shown on the pad and sent as it is
	// when it is a small PNG or JPEG, else drawn into a canvas of at most
	// MAX_SIDE on its long side and sent as a JPEG (an opaque photo) or a
	// PNG (a picture that may be transparent: the alpha can be the ink).
	// One the browser cannot decode is sent as it is: the server judges.
	async function openFile(file) {
		if (!file)
			return;
		strokes = [];
		backdrop = null;
		let bmp = null;
		try {
			bmp = await createImageBitmap(file);
		} catch (err) {
			// The browser cannot show it; the server still judges it.
		}
		backdrop = bmp;
		redraw();
		const type = file.type || typeFromName(file.name);
		const plain = type === 'image/png' || type === 'image/jpeg';
		if (!bmp)	// the server knows a PNG or JPEG by its bytes
			return send(file, plain ? type : 'application/octet-stream', null);
		if (plain && file.size <= AS_IS && Math.max(bmp.width, bmp.height) <= MAX_SIDE)
			return send(file, type, onPad(bmp.width));
		const opaque = /^image\/(jpeg|heic|heif|avif)$/.test(type);
		return send(await downscale(bmp, opaque), opaque ? 'image/jpeg' : 'image/png',
		    onPad(sentWidth(bmp.width, bmp.height)));
	}

	// source (an ImageBitmap, video or canvas of w x h) into a canvas of
	// at most MAX_SIDE a side, then a JPEG or PNG blob.
	function downscale(source, opaque, w, h) {
		w = w || source.width;
		h = h || source.height;
		const s = Math.min(1, MAX_SIDE / Math.max(w, h));
		const c = document.createElement('canvas');
		c.width = Math.max(1, Math.round(w * s));
		c.height = Math.max(1, Math.round(h * s));
		const g = c.getContext('2d');
		g.imageSmoothingEnabled = true;
		g.imageSmoothingQuality = 'high';
		g.drawImage(source, 0, 0, c.width, c.height);
		return new Promise((done) => c.toBlob(done, opaque ? 'image/jpeg' : 'image/png', 0.92));
	}

	// The width downscale gives a picture of w x h.
	function sentWidth(w, h) {
		return Math.max(1, Math.round(w * Math.min(1, MAX_SIDE / Math.max(w, h))));
	}

	// A picture of width w sent for the backdrop: its pixels on the pad.
	function onPad(w) {
		const r = backdropRect();
		return { x: r.x, y: r.y, k: r.w / w };
	}

	function typeFromName(name) {
		if (/\.png$/i.test(name))
			return 'image/png';
		if (/\.jpe?g$/i.test(name))
			return 'image/jpeg';
		return 'application/octet-stream';
	}

	for (const id of ['file', 'camera'])
		$(id).addEventListener('change', (e) => {
			openFile(e.target.files[0]);
			e.target.value = '';
		});

	// A webcam snapshot where the browser has getUserMedia (a desktop;
	// on a phone the camera button above opens the camera app instead).
	let stream = null;
	const video = $('video');
	function camOff() {
		if (stream)
			for (const t of stream.getTracks())
				t.stop();
		stream = null;
		video.srcObject = null;
		$('cam').hidden = true;
	}
	if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia)
		$('webcam').hidden = false;
	$('webcam').addEventListener('click', async () => {
		try {
			stream = await navigator.mediaDevices.getUserMedia({
				video: { facingMode: 'environment' }, audio: false });
		} catch (err) {
			show(null, 'No camera (' + err.message + '): open a picture instead.', true);
			return;
		}
		video.srcObject = stream;
		$('cam').hidden = false;
		await video.play().catch(() => {});
		document.body.dataset.camera = 'on';
	});
	$('camclose').addEventListener('click', () => {
		camOff();
		document.body.dataset.camera = 'off';
	});
	$('snap').addEventListener('click', async () => {
		if (!stream || !video.videoWidth)
			return;
		const w = video.videoWidth, h = video.videoHeight;
		const shot = document.createElement('canvas');
		shot.width = w;
		shot.height = h;
		shot.getContext('2d').drawImage(video, 0, 0);
		camOff();
		document.body.dataset.camera = 'off';
		strokes = [];
		backdrop = shot;
		redraw();
		send(await downscale(shot, true), 'image/jpeg', onPad(sentWidth(w, h)));
	});
	document.addEventListener('dragover', (e) => {
		e.preventDefault();
		document.body.classList.add('dragging');
	});
	document.addEventListener('dragleave', (e) => {
		if (e.relatedTarget === null)
			document.body.classList.remove('dragging');
	});
	document.addEventListener('drop', (e) => {
		e.preventDefault();
		document.body.classList.remove('dragging');
		if (e.dataTransfer && e.dataTransfer.files.length)
			openFile(e.dataTransfer.files[0]);
	});

	// ---- asking the server -------------------------------------------
	function sendCanvas() {
		return new Promise((done) => {
			pad.toBlob((blob) => done(send(blob, 'image/png', { x: 0, y: 0, k: 1 })), 'image/png');
		});
	}

	// g: where the picture's pixels lie on the pad (for a number's boxes),
	// or null when the pad does not show it.
	async function send(body, type, g) {
		const my = ++seq;
		document.body.dataset.state = 'busy';
		let res, json;
		try {
			res = await fetch('api/predict', {
				method: 'POST',
				headers: { 'Content-Type': type },
				body: body,
			});
			json = await res.json();
		} catch (err) {
			if (my === seq)
				show(null, 'The server did not answer (' + err.message + ').', true);
			return;
		}
		if (my !== seq)
			return;
		api.last = { sent: body, status: res.status, answer: json };
		geom = g;
		if (res.ok)
			show(json, '', false);
		else if (res.status === 400 && /no ink/.test(json.error))
			show(null, 'no digit found', false);
		else
			show(null, 'The server refused the picture: ' + json.error + '.', true);
	}

	// ---- corrections: "Wrong? It is a D" ------------------------------
	// Shown when the server keeps them (lrserve --keep): the picture last
	// sent goes back with its label, and the server appends its record.
	let keepOn = false;
	for (let d = 0; d < 10; d++) {
		const b = document.createElement('button');
		b.type = 'button';
		b.textContent = String(d);
		b.setAttribute('aria-label', 'It is a ' + d);
		b.addEventListener('click', () => correct(d));
		document.querySelector('#fix .fixes').appendChild(b);
	}
	async function correct(d) {
		const last = api.last;
		if (!last || !last.sent)
			return;
		let res, json;
		try {
			res = await fetch('api/keep?label=' + d, {
				method: 'POST',
				headers: { 'Content-Type': last.sent.type || 'application/octet-stream' },
				body: last.sent,
			});
			json = await res.json();
		} catch (err) {
			$('status').textContent = 'The server did not answer (' + err.message + ').';
			return;
		}
		if (res.ok) {
			$('status').textContent = 'Kept as a ' + d + ': thank you (' +
			    json.records + ' kept to teach the model).';
			$('fix').hidden = true;
			document.body.dataset.kept = String(json.records);
		} else
			$('status').textContent = 'Not kept: ' + json.error + '.';
	}
	fetch('api/keep').then((res) => res.ok ? res.json() : null)
		.then((k) => { keepOn = !!(k && k.keep); }, () => {});

	// ---- showing the answer ------------------------------------------
	function reset() {
		show(null, 'Draw a digit.', false, true);
		$('digit').textContent = '?';
	}

	const bars = [];
	for (let k = 0; k < 10; k++) {
		const li = document.createElement('li');
		const label = document.createElement('span');
		const bar = document.createElement('span');
		const fill = document.createElement('span');
		const val = document.createElement('span');
		label.textContent = k;
		bar.className = 'bar';
		fill.className = 'fill';
		val.className = 'val';
		bar.appendChild(fill);
		li.append(label, bar, val);
		$('bars').appendChild(li);
		bars.push({ li, fill, val });
	}

	// The digits of a number: a button each, to show its bars, input and
	// explanation; the one shown is also the one boxed boldly on the pad.
	let shown = 0;
	function digitButtons(r) {
		const box = $('digits');
		box.textContent = '';
		box.hidden = !(r && r.digits);
		if (!r || !r.digits)
			return;
		r.digits.forEach((d, i) => {
			const b = document.createElement('button');
			b.type = 'button';
			b.textContent = d.declined ? '?' : String(d.digit);
			b.setAttribute('aria-label', 'digit ' + (i + 1) + ' of ' + r.digits.length +
			    ': ' + (d.declined ? d.answer : d.digit));
			b.setAttribute('aria-pressed', String(i === shown));
			b.addEventListener('click', () => {
				shown = i;
				for (const o of box.children)
					o.setAttribute('aria-pressed', String(o === b));
				showDigit(r.digits[i]);
				drawBoxes(r);
			});
			box.appendChild(b);
		});
	}

	// Each digit's box over the pad, numbered; the one shown in bold.
	function drawBoxes(r) {
		const c = $('boxes').getContext('2d');
		c.clearRect(0, 0, pad.width, pad.height);
		if (!r || !r.digits || !geom)
			return;
		c.font = 'bold 14px system-ui, sans-serif';
		c.textBaseline = 'bottom';
		r.digits.forEach((d, i) => {
			const [x, y, w, h] = d.box.map((v) => v * geom.k);
			c.strokeStyle = d.declined ? '#c08a1e' : '#2457c5';
			c.lineWidth = i === shown ? 3 : 1.5;
			c.strokeRect(geom.x + x, geom.y + y, w, h);
			c.fillStyle = c.strokeStyle;
			c.fillText(d.declined ? '?' : String(d.digit), geom.x + x + 2, Math.max(16, geom.y + y));
		});
	}

	// One digit's bars, input and explanation (a number's, or the picture's).
	function showDigit(d) {
		const p = d ? d.probabilities : new Array(10).fill(0);
		const best = d ? (d.declined ? -1 : d.digit) : -1;
		const maybe = d && d.maybe ? d.maybe : [];
		for (let k = 0; k < 10; k++) {
			bars[k].fill.style.width = (100 * p[k]).toFixed(1) + '%';
			bars[k].val.textContent = d ? pct(p[k]) : '';
			bars[k].li.classList.toggle('best', k === best);
			bars[k].li.classList.toggle('maybe', maybe.includes(k));
		}
		drawInput(d ? d.input : null);
		drawExplain(d && d.input ? d : null);
	}

	// What the answer says, in words.
	function saying(r) {
		if (r.number !== undefined) {
			if (!r.declined)
				return 'It reads ' + r.number + '.';
			const one = r.number.split('?').length === 2;
			return 'It reads ' + r.number + ': the ' + (one ? '' : 'first ') + '? is ' + r.answer + '.';
		}
		if (r.declined)
			return r.answer + (r.why ? ': ' + r.why : '') + '.';
		return 'It looks like a ' + r.digit + '.';
	}

	// r: an answer of the server's (200), or null with a message.
	// quiet: not an answer (Clear), so not counted.
	function show(r, message, isError, quiet) {
		const single = r && !r.digits && r.probabilities ? r : null;
		const big = !r ? '\u2013' : r.number !== undefined ? r.number :
		    r.declined ? (r.maybe ? '?' : '\u2013') : String(r.digit);
		$('digit').textContent = big;
		$('digit').classList.toggle('long', big.length > 3);
		$('prob').textContent = r && r.probability !== undefined ? pct(r.probability) : '';
		$('status').textContent = r ? saying(r) : message;
		document.body.classList.toggle('error', isError);
		document.body.dataset.answer = !r ? '' : r.number !== undefined ? 'number' :
		    r.declined ? (r.maybe ? 'not-sure' : 'not-a-digit') : 'digit';
		shown = 0;
		if (r && r.digits) {
			const i = r.digits.findIndex((d) => d.declined);
			shown = i >= 0 ? i : 0;
		}
		digitButtons(r);
		drawBoxes(r);
		showDigit(single || (r && r.digits ? r.digits[shown] : null));
		// Corrections teach one digit: offered for an answer of one digit.
		$('fix').hidden = !(keepOn && single);
		document.body.dataset.state = quiet ? 'idle' : r ? 'done' : isError ? 'error' : 'empty';
		if (!quiet)
			document.body.dataset.answers = String(Number(document.body.dataset.answers || 0) + 1);
	}

	function pct(x) {
		return (100 * x).toFixed(x >= 0.9995 || x < 0.0005 ? 0 : 1) + '%';
	}

	// The normalized 28x28 input, ink dark on white as it was drawn.
	function drawInput(input) {
		const c = $('input').getContext('2d');
		const im = c.createImageData(28, 28);
		for (let i = 0; i < 784; i++) {
			const v = input ? 255 - input[i] : 255;
			im.data.set([v, v, v, 255], 4 * i);
		}
		c.putImageData(im, 0, 0);
	}

	// Pixel j's share of the winning score: w[d][j] * input[j] * scale;
	// red pushed towards the digit, blue away, on one scale (the largest).
	function drawExplain(r) {
		const c = $('explain').getContext('2d');
		const im = c.createImageData(28, 28);
		const q = new Float64Array(784);
		let max = 0;
		// A declined digit: the likeliest one's share (the model's gate
		// may have said "not a digit", with no "maybe").
		const digit = !r ? -1 : !r.declined ? r.digit :
		    r.probabilities.indexOf(Math.max(...r.probabilities));
		if (r && model && !model.features) {
			const w = model.weights[digit];
			for (let j = 0; j < 784; j++) {
				q[j] = w[j] * r.input[j] * model.scale;
				max = Math.max(max, Math.abs(q[j]));
			}
		}
		for (let j = 0; j < 784; j++) {
			const t = max > 0 ? q[j] / max : 0;
			const a = Math.round(255 * (1 - Math.abs(t)));
			im.data.set(t >= 0 ? [255, a, a, 255] : [a, a, 255, 255], 4 * j);
		}
		c.putImageData(im, 0, 0);
		$('for').textContent = r ? 'the ' + digit : 'the answer';
	}

	fetch('api/model').then((res) => res.ok ? res.json() : null)
		.then((m) => { model = m; }, () => {});
	redraw();
	drawInput(null);
	drawExplain(null);
	document.body.dataset.state = 'idle';
	// For scripts and tests: ask again for what the pad shows, and the
	// last exchange (the picture sent, the status and the answer).
	api.predict = sendCanvas;
	window.digitpipe = api;
})();
