// Builds Model Lab's bundles. Packages stay external: tfjs loads its wasm binaries and optional native
// backends from node_modules at run time.
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
  { ...node, entryPoints: { sdk: 'src/sdk/index.ts' }, outdir: 'dist' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
