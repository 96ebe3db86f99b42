// A folder of images as a dataset: one subfolder per class (its name is the class name), PNG and JPEG files
// decoded by pure-JS decoders (pngjs, jpeg-js: nothing native to install), resized bilinearly to one size,
// pixels scaled to [0, 1]. Every error names the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImagesOptions } from '../../sdk/types';
import { DataError, type RawDataset } from './raw';

const EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

interface Decoded {
  width: number;
  height: number;
  /** RGBA, 8 bits a channel. */
  data: Uint8Array;
}

function decode(file: string): Decoded {
  const bytes = fs.readFileSync(file);
  try {
    if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
      return { width: image.width, height: image.height, data: image.data };
    }
  } catch (err) {
    throw new DataError(`Cannot decode the image ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  throw new DataError(`${file} is neither a PNG nor a JPEG image (by its first bytes)`);
}

/** Bilinear sample of one channel at (y, x) in source pixels. */
function sample(image: Decoded, y: number, x: number, channel: number): number {
  const x0 = Math.max(0, Math.min(image.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(image.height - 1, Math.floor(y)));
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const at = (yy: number, xx: number) => image.data[(yy * image.width + xx) * 4 + channel];
  return (at(y0, x0) * (1 - fx) + at(y0, x1) * fx) * (1 - fy) + (at(y1, x0) * (1 - fx) + at(y1, x1) * fx) * fy;
}

/** Writes one image, resized to height × width, into `out` at `offset` (channels last, values in [0, 1]). */
function writePixels(image: Decoded, height: number, width: number, grayscale: boolean, out: Float32Array, offset: number): void {
  const sy = image.height / height;
  const sx = image.width / width;
  let o = offset;
  for (let y = 0; y < height; y++) {
    // Pixel centres map onto pixel centres (align_corners = false, as tf.image.resizeBilinear).
    const srcY = (y + 0.5) * sy - 0.5;
    for (let x = 0; x < width; x++) {
      const srcX = (x + 0.5) * sx - 0.5;
      const r = sample(image, srcY, srcX, 0);
      const g = sample(image, srcY, srcX, 1);
      const b = sample(image, srcY, srcX, 2);
      if (grayscale) out[o++] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      else {
        out[o++] = r / 255;
        out[o++] = g / 255;
        out[o++] = b / 255;
      }
    }
  }
}

function checkSize(size: unknown, what: string): [number, number] | undefined {
  if (size === undefined) return undefined;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((d) => Number.isInteger(d) && d >= 1 && d <= 4096)) {
    throw new DataError(`${what}: size must be [height, width] in whole pixels, e.g. [32, 32], got ${JSON.stringify(size)}`);
  }
  return [size[0], size[1]];
}

/** Reads `folder/<class>/<image>` into one table; classes in natural order of their folder names. */
export function loadImageFolder(folder: string, options: ImagesOptions = {}): RawDataset {
  const what = `datasets.images('${folder}')`;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `Image folder not found: ${folder}` : code === 'ENOTDIR' ? `${folder} is a file, not a folder of class folders` : `Cannot read ${folder}: ${(err as Error).message}`);
  }
  const classNames = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (classNames.length < 2) throw new DataError(`${folder} needs one subfolder per class (at least 2), holding that class's images; it has ${classNames.length ? `only "${classNames[0]}"` : 'none'}`);
  const files: { file: string; label: number }[] = [];
  classNames.forEach((name, label) => {
    const dir = path.join(folder, name);
    const images = fs.readdirSync(dir).filter((f) => EXTENSIONS.has(path.extname(f).toLowerCase())).sort();
    if (images.length === 0) throw new DataError(`The class folder ${dir} holds no .png, .jpg or .jpeg images`);
    for (const f of images) files.push({ file: path.join(dir, f), label });
  });
  const grayscale = options.grayscale ?? false;
  const first = decode(files[0].file);
  const [height, width] = checkSize(options.size, what) ?? [first.height, first.width];
  const channels = grayscale ? 1 : 3;
  const per = height * width * channels;
  const x = new Float32Array(files.length * per);
  const y = new Float32Array(files.length);
  files.forEach(({ file, label }, i) => {
    writePixels(i === 0 ? first : decode(file), height, width, grayscale, x, i * per);
    y[i] = label;
  });
  return { task: 'classification', featureShape: [height, width, channels], targetShape: [1], numClasses: classNames.length, classNames, x, y, count: files.length };
}
