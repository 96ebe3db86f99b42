// The exploding-activations rule on healthy and faulty traces (see src/engine/diagnostics/rules/exploding-activations.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule as explodingActivations } from '../../src/engine/diagnostics/rules/exploding-activations';
import { healthyTrace } from '../traceBuilder';
import { run, only, WIDE_RELU, blowingUp } from './gradientRules.fixtures';

test('exploding-activations: RMS growing ≥ 4× per layer to ≥ 30 at the first probes points at where growth starts', () => {
  const t = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1.2, dense_2: 15, dense_3: 220 });
  const f = only(explodingActivations, t);
  assert.equal(f.layer, 'dense_2');
  assert.equal(f.step, 0);
  assert.equal(f.epoch, 0);
  assert.equal(f.evidence.reason, 'growth');
  assert.equal(f.evidence.initializer, 'randomNormal');
  assert.ok((f.evidence.growth as number) >= 4, String(f.evidence.growth));
  // stddev-1 init on 128-wide ReLU layers: ×8 per layer (6 → 47 → 356).
  const eight = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 6.1, dense_2: 47, dense_3: 356 });
  assert.equal(only(explodingActivations, eight).layer, 'dense_2');
});

test('exploding-activations: an RMS ≥ 1000 (unnormalized inputs) fires at that layer; a bounded softmax is never it', () => {
  const t = blowingUp(healthyTrace(), { dense_1: 4000, dense_2: 3000 });
  const f = only(explodingActivations, t);
  assert.equal(f.layer, 'dense_1');
  assert.equal(f.evidence.reason, 'magnitude');
  // The same first layer fed raw, unscaled features is left to unnormalized-inputs.
  const raw = blowingUp(healthyTrace(), { dense_1: 4000 });
  raw.data = { ...raw.data, normalized: false, featureMean: [5000, 1, 0, 0, 0, 0, 0, 0], featureStd: [2000, 1, 1, 1, 1, 1, 1, 1] };
  assert.deepEqual(run(explodingActivations, raw), []);
});

test('exploding-activations: needs two consecutive probes, and only at the start of training', () => {
  const once = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1, dense_2: 15, dense_3: 220 }, 0, 5);
  assert.deepEqual(run(explodingActivations, once), []);
  const late = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1, dense_2: 15, dense_3: 220 }, 100);
  assert.deepEqual(run(explodingActivations, late), []);
  // One large step alone, or growth that stays small in magnitude (below 30), does not count.
  const single = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1, dense_2: 12, dense_3: 20 });
  assert.deepEqual(run(explodingActivations, single), []);
  const modest = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 0.5, dense_2: 2.5, dense_3: 12 });
  assert.deepEqual(run(explodingActivations, modest), []);
  const tiny = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1e-4, dense_2: 1e-3, dense_3: 1e-2 });
  assert.deepEqual(run(explodingActivations, tiny), []);
});
