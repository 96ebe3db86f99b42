// The workspace a model file belongs to: where its runs are kept and its own node_modules are looked in.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Finds the workspace of a model file: the nearest folder above it with .modellab, .git or package.json. */
export function findWorkspace(file: string): string {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (['.modellab', '.git', 'package.json'].some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(path.resolve(file));
    dir = parent;
  }
}
