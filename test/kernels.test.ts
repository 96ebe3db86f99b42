// Model Lab's own training kernels give the same gradients as tfjs' reference plain-JS kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterValues } from '../src/engine/backend/kernels/conv2dBackpropFilter';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { createRng, rngNormal } from '../src/engine/data/rng';

const rng = createRng(7);
const random = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rngNormal(rng)), shape);

function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-3, Math.abs(b[i])));
  return worst;
}

const CASES: { x: [number, number, number, number]; filter: [number, number, number, number]; strides: number; pad: 'same' | 'valid' }[] = [
  { x: [2, 8, 8, 1], filter: [3, 3, 1, 4], strides: 1, pad: 'same' },
  { x: [3, 7, 6, 3], filter: [3, 2, 3, 5], strides: 1, pad: 'valid' },
  { x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'same' },
  { x: [1, 6, 6, 4], filter: [1, 1, 4, 2], strides: 2, pad: 'valid' },
];

test('conv2d filter gradient matches tfjs reference on the JS and wasm backends (rel. error ≤ 1e-3)', async () => {
  await tf.setBackend('cpu');
  // The reference: tfjs' own kernel, before ours replaces it.
  const reference = tf.getKernel('Conv2DBackpropFilter', 'cpu')!;
  const expected = CASES.map((c) => {
    const x = random(c.x);
    const f = random(c.filter);
    const dy = tf.onesLike(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad));
    const dyR = random(dy.shape);
    const out = reference.kernelFunc({ inputs: { x, dy: dyR }, backend: tf.backend(), attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter } }) as tf.TensorInfo;
    const ref = tf.engine().makeTensorFromTensorInfo(out).dataSync().slice();
    return { c, x: x.dataSync().slice(), dy: dyR.dataSync().slice(), dyShape: dyR.shape as [number, number, number, number], ref };
  });
  registerTrainingKernels('cpu');
  registerTrainingKernels('wasm');
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    for (const e of expected) {
      const x = tf.tensor(e.x, e.c.x) as tf.Tensor4D;
      const dy = tf.tensor(e.dy, e.dyShape) as tf.Tensor4D;
      const got = (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: e.c.strides, pad: e.c.pad, dataFormat: 'NHWC', filterShape: e.c.filter } as never) as tf.Tensor).dataSync();
      const err = maxRelError(got, e.ref);
      assert.ok(err <= 1e-3, `${backend} ${JSON.stringify(e.c)}: max relative error ${err}`);
    }
  }
  await tf.setBackend('cpu');
});

test('conv2d filter gradient: a known answer (1×1 filter = Σ x·dy)', () => {
  const info = tf.backend_util.computeConv2DInfo([1, 2, 2, 1], [1, 1, 1, 1], 1, 1, 'valid');
  const dw = conv2dBackpropFilterValues(Float32Array.from([1, 2, 3, 4]), [1, 2, 2, 1], Float32Array.from([1, 1, 2, 0.5]), info);
  assert.deepEqual(Array.from(dw), [1 + 2 + 6 + 2]);
});
