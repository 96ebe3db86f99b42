// Models for bench/probe-overhead.ts: the same model with probes at their default interval and off.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const digitsMlp = () =>
  tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });

const wideMlp = () =>
  tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [64], units: 256, activation: 'relu', kernelInitializer: 'heNormal' }),
      tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: 'heNormal' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });

const common = { data: datasets.digits({ validationSplit: 0.2 }), loss: 'categoricalCrossentropy' as const, metrics: ['accuracy' as const], epochs: 8, seed: 1 };

export const smallOn = experiment({ name: 'digits-mlp-b32-probes', ...common, model: digitsMlp, batchSize: 32 });
export const smallOff = experiment({ name: 'digits-mlp-b32-noprobes', ...common, model: digitsMlp, batchSize: 32, probes: false });
export const wideOn = experiment({ name: 'wide-mlp-b128-probes', ...common, model: wideMlp, batchSize: 128 });
export const wideOff = experiment({ name: 'wide-mlp-b128-noprobes', ...common, model: wideMlp, batchSize: 128, probes: false });
