// npm run bench:leak [-- STEPS]: the tensor-leak check of test/leak.test.ts at full length (default 10,000 steps).
import { tensorCountsOverSteps } from './leakCheck';

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 10000);
  const backend = (process.argv[3] ?? 'wasm') as 'wasm' | 'cpu';
  const t0 = performance.now();
  const counts = await tensorCountsOverSteps(backend, steps);
  const settled = counts.slice(16);
  const result = { backend, steps: counts.length, first: settled[0], last: settled[settled.length - 1], min: Math.min(...settled), max: Math.max(...settled), flat: Math.min(...settled) === Math.max(...settled), seconds: (performance.now() - t0) / 1000 };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = result.flat && counts.length === steps ? 0 : 1;
}

main();
