// The activation probe runs a Sequential's layers one after another (no graph executor) and any other
// model through a multi-output model: both must report the same numbers for the same layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from '../src/sdk/index';
import { createSetup } from '../src/engine/train/setup';
import { ActivationProbe } from '../src/engine/diagnostics/probes/activationProbe';

test('a Sequential probed layer by layer reports what the graph executor reports', async () => {
  await tf.setBackend('cpu');
  const sequential = () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 10, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -0.5 }) }),
        tf.layers.batchNormalization(),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 6, activation: 'tanh' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
  const exp = experiment({ name: 'probe', data: datasets.iris({ validationSplit: 0.2 }), model: sequential, loss: 'categoricalCrossentropy', optimizer: 'adam', batchSize: 16, epochs: 1, seed: 4 });
  const setup = await createSetup(exp);
  const before = tf.memory().numTensors;
  const byLayer = new ActivationProbe(setup.model, setup.data, 32, true);
  // The same layers, wrapped as a functional model: probed through predict.
  const functional = tf.model({ inputs: setup.model.inputs, outputs: setup.model.outputs });
  const byGraph = new ActivationProbe(functional, setup.data, 32, true);
  const a = await byLayer.run();
  const b = await byGraph.run();
  byLayer.dispose();
  byGraph.dispose();
  assert.equal(a.length, 5);
  assert.deepEqual(a.map((s) => s.layer), b.map((s) => s.layer));
  a.forEach((s, i) => {
    for (const key of ['mean', 'std', 'rms', 'maxAbs', 'zeroFraction', 'deadFraction', 'saturatedFraction'] as const) {
      const x = s[key];
      const y = b[i][key];
      if (x === undefined || y === undefined) assert.equal(x, y, `${s.layer} ${key}`);
      else assert.ok(Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y)), `${s.layer} ${key}: ${x} vs ${y}`);
    }
    assert.deepEqual(s.histogram, b[i].histogram);
  });
  // Dropout is off at inference: its output equals its input's.
  assert.equal(a[2].mean, a[1].mean);
  assert.equal(tf.memory().numTensors, before);
  setup.model.dispose();
});
