// Locates Model Lab's own files whether running from src/ (tsx), dist/ (bundled) or an installed package.
import * as fs from 'node:fs';
import * as path from 'node:path';

let cachedRoot: string | undefined;

/** The folder holding Model Lab's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'modellab') return (cachedRoot = dir);
      } catch { /* not ours; keep walking */ }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Model Lab: cannot find its package.json above ${__dirname}`);
    dir = parent;
  }
}

/** Folder of the bundled CSV datasets. */
export function datasetsDir(): string {
  return path.join(packageRoot(), 'samples', 'data');
}

/** True when `file` is part of Model Lab itself (its sources or bundles), not user code. */
export function isEngineFile(file: string): boolean {
  const root = packageRoot();
  return file.startsWith(path.join(root, 'src') + path.sep) || file.startsWith(path.join(root, 'dist') + path.sep);
}
