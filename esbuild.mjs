// Builds Model Lab's bundles: the CLI, the training process, the SDK, the VS Code extension (Node)
// and the dashboard webview (browser). Node bundles keep packages external: tfjs loads its wasm
// binaries and optional native backends from node_modules at run time. The webview bundle is
// self-contained (Chart.js included), since a webview may load only files under dist/webview.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
};

const builds = [
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { 'train-worker': 'src/engine/process/worker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { 'job-worker': 'src/engine/process/jobWorker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { 'train-replica': 'src/engine/train/replicas/replicaWorker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { sdk: 'src/sdk/index.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  {
    entryPoints: { dashboard: 'webview/src/main.ts' },
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: true,
    minify: !watch,
    logLevel: 'warning',
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
