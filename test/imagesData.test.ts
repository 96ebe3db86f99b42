// A folder of images as a dataset: classes from subfolder names, PNG and JPEG decoded in pure JS, resized,
// grayscale or RGB; clear errors naming the file; the image-folder sample trains and exports verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { loadImageFolder } from '../src/engine/data/images';
import { samples, tempDir } from './helpers';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

/** A 4×2 image of one colour, as PNG or JPEG. */
function image(file: string, rgb: [number, number, number]): void {
  const data = Buffer.alloc(4 * 2 * 4);
  for (let p = 0; p < 8; p++) data.set([...rgb, 255], p * 4);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (file.endsWith('.png')) {
    const png = new PNG({ width: 4, height: 2 });
    data.copy(png.data);
    fs.writeFileSync(file, PNG.sync.write(png));
  } else fs.writeFileSync(file, jpeg.encode({ data, width: 4, height: 2 }, 100).data);
}

function folder(): string {
  const root = tempDir();
  image(path.join(root, 'red', 'a.png'), [255, 0, 0]);
  image(path.join(root, 'red', 'b.jpg'), [250, 0, 0]);
  image(path.join(root, 'blue', 'a.png'), [0, 0, 255]);
  fs.writeFileSync(path.join(root, 'blue', 'notes.txt'), 'not an image');
  return root;
}

test('classes come from the subfolders (natural order); PNG and JPEG decode; RGB in [0, 1], channels last', () => {
  const data = loadImageFolder(folder());
  assert.deepEqual(data.classNames, ['blue', 'red']);
  assert.equal(data.count, 3);
  assert.deepEqual(data.featureShape, [2, 4, 3]);
  assert.deepEqual(Array.from(data.y), [0, 1, 1]);
  assert.deepEqual(Array.from(data.x.subarray(0, 3)), [0, 0, 1], 'the blue PNG');
  const jpegRed = data.x.subarray(2 * 24, 2 * 24 + 3);
  assert.ok(Math.abs(jpegRed[0] - 250 / 255) < 0.03 && jpegRed[1] < 0.03 && jpegRed[2] < 0.03, `the red JPEG: ${Array.from(jpegRed)}`);
});

test('size resizes every image; grayscale gives one luminance channel', () => {
  const data = loadImageFolder(folder(), { size: [6, 8], grayscale: true });
  assert.deepEqual(data.featureShape, [6, 8, 1]);
  assert.equal(data.x.length, 3 * 48);
  assert.ok(Math.abs(data.x[0] - 0.114) < 1e-3, `blue's luminance ${data.x[0]}`);
  assert.ok(Math.abs(data.x[48] - 0.299) < 1e-3, `red's luminance ${data.x[48]}`);
});

test('errors name the folder or the file', () => {
  const root = folder();
  assert.throws(() => loadImageFolder(path.join(root, 'nope')), /Image folder not found: .*nope/);
  assert.throws(() => loadImageFolder(path.join(root, 'red')), /needs one subfolder per class \(at least 2\)/);
  fs.writeFileSync(path.join(root, 'red', 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
  assert.throws(() => loadImageFolder(root), /Cannot decode the image .*broken\.png/);
  fs.rmSync(path.join(root, 'red', 'broken.png'));
  fs.mkdirSync(path.join(root, 'green'));
  assert.throws(() => loadImageFolder(root), /The class folder .*green holds no \.png, \.jpg or \.jpeg images/);
  assert.throws(() => loadImageFolder(folder(), { size: [0, 4] }), /size must be \[height, width\]/);
});

test('the image-folder sample (16×16 grayscale, model from data.inputShape and data.numClasses) trains and exports verified', () => {
  const runsDir = tempDir();
  const r = spawnSync(process.execPath, [cli, 'train', path.join(samples, 'digit-images.model.ts'), '--epochs', '6', '--json', '--runs-dir', runsDir], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const started = events.find((e) => e.type === 'run-started');
  assert.deepEqual(started.config.data.resolved.featureShape, [16, 16, 1]);
  assert.equal(started.config.data.resolved.numClasses, 10);
  assert.equal(started.config.data.resolved.validation, 125);
  const finished = events.at(-1);
  assert.equal(finished.status, 'completed');
  assert.ok(finished.metrics.val_accuracy > 0.6, `val_accuracy ${finished.metrics.val_accuracy}`);
  const exported = spawnSync(process.execPath, [cli, 'export', finished.runId, '--runs-dir', runsDir, '--json'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(exported.status, 0, exported.stderr);
  assert.equal(JSON.parse(exported.stdout.trim().split('\n').at(-1)!).verification.passed, true);
});
