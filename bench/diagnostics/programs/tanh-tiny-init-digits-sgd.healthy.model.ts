// The flat 64-feature digits through six tanh layers of 64 units and a softmax, trained with plain SGD.
// The hidden kernels use Glorot initialization.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const HIDDEN_INIT = () => tf.initializers.glorotNormal({});

export const digitsTanh = experiment({
  name: 'tanh-tiny-init-digits-sgd-healthy',
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
