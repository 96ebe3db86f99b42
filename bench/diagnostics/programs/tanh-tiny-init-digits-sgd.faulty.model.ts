// The flat 64-feature digits through six tanh layers of 64 units and a softmax, trained with plain SGD.
// Fault: every hidden kernel is drawn from N(0, 0.01²) — each layer shrinks the signal ~12× (0.01·√64 =
// 0.08), so after six layers it is ~1e-7 of its size, and the gradient reaching the first layers is as
// small: the network does not get off its start.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const HIDDEN_INIT = () => tf.initializers.randomNormal({ mean: 0, stddev: 0.01 }); // ← fault

export const digitsTanh = experiment({
  name: 'tanh-tiny-init-digits-sgd-faulty',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        ...Array.from({ length: 6 }, (_, i) =>
          tf.layers.dense({ ...(i === 0 ? { inputShape: [64] } : {}), units: 64, activation: 'tanh', kernelInitializer: HIDDEN_INIT() }),
        ),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.1 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 72,
});
