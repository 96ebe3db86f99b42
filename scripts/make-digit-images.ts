// Writes samples/data/digit-images/: the first 50 images of each class of the UCI digits (samples/data/digits.csv,
// 8×8 pixels with values 0–16) as image files in one folder per class, for the image-folder sample. Every third
// image is a JPEG (quality 95), the others are PNGs, so both decoders are exercised. Run once; the output is
// committed. `node --import tsx scripts/make-digit-images.ts`
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

const PER_CLASS = 50;
const root = path.join(__dirname, '..', 'samples', 'data');
const out = path.join(root, 'digit-images');
const [header, ...lines] = fs.readFileSync(path.join(root, 'digits.csv'), 'utf8').trim().split('\n');
const columns = header.split(',');
const target = columns.length - 1;
fs.rmSync(out, { recursive: true, force: true });
const written = new Map<number, number>();
for (const line of lines) {
  const cells = line.split(',').map(Number);
  const label = cells[target];
  const n = written.get(label) ?? 0;
  if (n >= PER_CLASS) continue;
  written.set(label, n + 1);
  const rgba = Buffer.alloc(8 * 8 * 4);
  for (let p = 0; p < 64; p++) {
    const v = Math.round((cells[p] / 16) * 255);
    rgba.set([v, v, v, 255], p * 4);
  }
  const dir = path.join(out, String(label));
  fs.mkdirSync(dir, { recursive: true });
  const name = `${String(n).padStart(2, '0')}`;
  if (n % 3 === 2) fs.writeFileSync(path.join(dir, `${name}.jpg`), jpeg.encode({ data: rgba, width: 8, height: 8 }, 95).data);
  else {
    const png = new PNG({ width: 8, height: 8 });
    rgba.copy(png.data);
    fs.writeFileSync(path.join(dir, `${name}.png`), PNG.sync.write(png));
  }
}
console.log(`wrote ${[...written.values()].reduce((a, b) => a + b, 0)} images into ${path.relative(process.cwd(), out)}`);
