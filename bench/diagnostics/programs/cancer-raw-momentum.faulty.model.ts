// Breast-cancer diagnosis (30 features) with a two-hidden-layer MLP and momentum SGD.
// Fault: standardization is turned off, so the features go in raw — areas in the hundreds to
// ~2500, smoothness and symmetry around 0.1 — and the first layer's pre-activations and gradients are
// dominated by a few huge columns; with momentum the steps on those weights overshoot.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const cancer = experiment({
  name: 'cancer-raw-momentum-faulty',
  data: datasets.breastCancer({ validationSplit: 0.25, normalize: false }), // ← fault
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [30], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 25,
  batchSize: 32,
  seed: 64,
});
