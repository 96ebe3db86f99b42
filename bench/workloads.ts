// The benchmark's workloads: the three of issue 6 (MLP, CNN, LSTM on synthetic data of their shapes) and
// the two digits samples (real data). bench/torch_bench.py builds the same models in PyTorch.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets, fromFunction } from '../src/sdk/index';
import type { Experiment, ExperimentConfig } from '../src/sdk/types';
import { createRng, rngNormal } from '../src/engine/data/rng';

export interface Workload {
  name: string;
  batchSize: number;
  /** Also in bench/torch_bench.py (the digits samples use real data and are not). */
  torch: boolean;
  /** An experiment with `steps` training batches in its one epoch (synthetic workloads) or the sample's own data. */
  experiment(steps: number, probes: boolean): Experiment;
}

function synthetic(n: number, xShape: number[], y: (rng: () => number) => number[], seed: number) {
  const rng = createRng(seed);
  const xSize = xShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * xSize);
  for (let i = 0; i < x.length; i++) x[i] = rngNormal(rng);
  const ys: number[] = [];
  for (let i = 0; i < n; i++) ys.push(...y(rng));
  const yWidth = ys.length / n;
  return { x: tf.tensor(x, [n, ...xShape]), y: tf.tensor(ys, [n, yWidth]) };
}

const oneHot10 = (rng: () => number) => {
  const row = new Array(10).fill(0);
  row[Math.floor(rng() * 10)] = 1;
  return row;
};

const mlp = () =>
  tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
      tf.layers.dense({ units: 256, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });

const cnn = () =>
  tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }),
      tf.layers.batchNormalization(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.25 }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });

const lstm = () =>
  tf.sequential({
    layers: [tf.layers.lstm({ inputShape: [20, 8], units: 32 }), tf.layers.dense({ units: 1 })],
  });

function syntheticExperiment(name: string, config: Omit<ExperimentConfig, 'name' | 'data' | 'epochs'>, n: number, xShape: number[], y: (rng: () => number) => number[], probes: boolean): Experiment {
  return experiment({
    name,
    ...config,
    data: fromFunction(() => ({ train: synthetic(n, xShape, y, 1) }), { normalize: false }),
    epochs: 1,
    seed: 1,
    probes: probes ? (process.env.BENCH_PROBE_HISTOGRAMS === '0' ? { histograms: false } : undefined) : false,
  } as ExperimentConfig);
}

export const WORKLOADS: Workload[] = [
  {
    name: 'mlp',
    batchSize: 128,
    torch: true,
    experiment: (steps, probes) => syntheticExperiment('mlp', { model: mlp, loss: 'categoricalCrossentropy', metrics: ['accuracy'], batchSize: 128, optimizer: { name: 'adam', learningRate: 1e-3 } }, steps * 128, [784], oneHot10, probes),
  },
  {
    name: 'cnn',
    batchSize: 64,
    torch: true,
    experiment: (steps, probes) => syntheticExperiment('cnn', { model: cnn, loss: 'categoricalCrossentropy', metrics: ['accuracy'], batchSize: 64, optimizer: { name: 'adam', learningRate: 1e-3 } }, steps * 64, [28, 28, 1], oneHot10, probes),
  },
  {
    name: 'lstm',
    batchSize: 32,
    torch: true,
    experiment: (steps, probes) => syntheticExperiment('lstm', { model: lstm, loss: 'meanSquaredError', batchSize: 32, optimizer: { name: 'adam', learningRate: 1e-3 } }, steps * 32, [20, 8], (rng) => [rngNormal(rng)], probes),
  },
];

/** The digits samples, as the samples folder has them (real data, their own batch size and epochs). */
export const SAMPLE_FILES: Record<string, string> = {
  'digits-mlp': 'samples/digits-mlp.model.ts',
  'digits-cnn': 'samples/digits-cnn.model.ts',
};

export function sampleWorkload(name: string, exp: Experiment): Workload {
  return { name, batchSize: exp.config.batchSize ?? 32, torch: false, experiment: (_steps, probes) => experiment({ ...exp.config, data: exp.config.data, probes: probes ? exp.config.probes : false } as ExperimentConfig) };
}

export { datasets };
