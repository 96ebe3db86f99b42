// The training loop leaks no tensors: with probes on (activation probes, gradient/weight statistics,
// histograms, the diagnostics monitor), tf.memory().numTensors is the same after every step.
// 500 steps here (a few seconds); `npm run bench:leak` (and `npm run bench`) runs the same check for 10,000 steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensorCountsOverSteps } from '../bench/leakCheck';

for (const backend of ['wasm', 'cpu'] as const) {
  test(`no tensor leak over 500 training steps with probes on (${backend})`, async () => {
    const counts = await tensorCountsOverSteps(backend, 500);
    assert.equal(counts.length, 500);
    // After the first epoch (the best-weights copy appears once), the count must not move at all.
    const settled = counts.slice(16);
    assert.equal(Math.max(...settled), Math.min(...settled), `tensor count drifts: ${settled[0]} → ${settled[settled.length - 1]} (max ${Math.max(...settled)})`);
  });
}
