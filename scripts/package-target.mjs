// npm run package:target -- linux-x64: a platform-specific .vsix (vsce --target) that carries only that
// platform's onnxruntime binaries. The universal package holds all five (about 100 MB); one platform's
// is a fraction of that. The ignore file is .vscodeignore plus the other platforms' binary folders.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ORT_PLATFORMS = { 'linux-x64': 'linux/x64', 'linux-arm64': 'linux/arm64', 'darwin-arm64': 'darwin/arm64', 'win32-x64': 'win32/x64', 'win32-arm64': 'win32/arm64' };
const target = process.argv[2];
if (!ORT_PLATFORMS[target]) {
  console.error(`usage: npm run package:target -- <${Object.keys(ORT_PLATFORMS).join('|')}>`);
  process.exit(2);
}
const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const others = Object.entries(ORT_PLATFORMS).filter(([t]) => t !== target).map(([, dir]) => `node_modules/onnxruntime-node/bin/napi-v6/${dir}/**`);
const ignoreFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-vsix-')), '.vscodeignore');
fs.writeFileSync(ignoreFile, `${fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8')}\n# Other platforms' onnxruntime binaries\n${others.join('\n')}\n`);
const out = path.join('dist', `modellab-${target}.vsix`);
const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
const r = spawnSync(vsce, ['package', '--no-yarn', '--follow-symlinks', '--target', target, '--ignoreFile', ignoreFile, '-o', out], { cwd: root, stdio: 'inherit' });
if (r.status === 0) console.log(`${out}: ${(fs.statSync(path.join(root, out)).size / 1e6).toFixed(1)} MB`);
process.exit(r.status ?? 1);
