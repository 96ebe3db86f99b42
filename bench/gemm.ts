// npm run bench:gemm: Model Lab's SIMD matrix product (src/engine/backend/simd) against tfjs-backend-wasm's
// own (XNNPACK) on the products a training step asks for, and the LSTM recurrence's product against the
// JS loop it replaced (still its fallback where WebAssembly SIMD is missing). Prints ms per product and GMAC/s (multiply-adds per second); alternating repeats,
// medians. Not part of npm test.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { addRowsTimesMatrix } from '../src/engine/backend/fused/lstmKernels';
import { SimdGemm, type WasmModuleLike } from '../src/engine/backend/simd/gemm';
import { heapAdamFor } from '../src/engine/backend/simd/heapAdam';
import { HostGemm } from '../src/engine/backend/simd/hostGemm';
import { median } from './median';

const REPEATS = Number(process.env.REPEATS ?? 5);

/** ms per call of f, over enough calls for ~20 ms. */
function timePerCall(f: () => void, work: number): number {
  const calls = Math.max(3, Math.round(2e8 / work));
  f();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) f();
  return (performance.now() - t0) / calls;
}

// [m, k, n, which operand is transposed]: the bench MLP's forward products, its input gradients (Bᵀ)
// and weight gradients (Aᵀ), and the bench CNN's filter-gradient product.
const SHAPES: Array<[number, number, number, 'NN' | 'TN' | 'NT', string]> = [
  [128, 784, 256, 'NN', 'MLP dense 1 forward'],
  [128, 256, 256, 'NN', 'MLP dense 2 forward'],
  [128, 256, 784, 'NT', 'MLP dense 2 dX (Bᵀ)'],
  [784, 128, 256, 'TN', 'MLP dense 1 dW (Aᵀ)'],
  [256, 128, 256, 'TN', 'MLP dense 2 dW (Aᵀ)'],
  [144, 7744, 32, 'NN', 'CNN conv 2 dW (im2col)'],
];

async function heapProducts(): Promise<void> {
  await tf.setBackend('wasm');
  const backend = tf.backend() as unknown as { wasm: WasmModuleLike; typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
  const gemm = SimdGemm.create(backend.wasm)!;
  console.log(`SIMD kernel: ${gemm.fma ? 'fused multiply-add (relaxed SIMD)' : 'multiply + add'}`);
  console.log('product                       shape           tfjs wasm (XNNPACK)    Model Lab SIMD       ratio');
  for (const [m, k, n, mode, label] of SHAPES) {
    const a = mode === 'TN' ? tf.randomNormal([k, m]) : tf.randomNormal([m, k]);
    const b = mode === 'NT' ? tf.randomNormal([n, k]) : tf.randomNormal([k, n]);
    const c = tf.zeros([m, n]);
    const at = (t: tf.Tensor) => backend.typedArrayFromHeap(t).byteOffset;
    const op = { a: at(a), aRow: mode === 'TN' ? 4 : k * 4, aK: mode === 'TN' ? m * 4 : 4, b: at(b), bK: mode === 'NT' ? 4 : n * 4, bN: mode === 'NT' ? k * 4 : 4, c: at(c), cRow: n * 4, m, n, k };
    // tfjs' own kernel, as tfjs-backend-wasm ships it: its transposed paths are far slower, so it is
    // measured the way Model Lab used it before (transpose first, then the untransposed product).
    const theirs = () => tf.tidy(() => { tf.matMul(mode === 'TN' ? tf.transpose(a) : a, mode === 'NT' ? tf.transpose(b) : b).dataSync(); });
    const ours = () => gemm.run(op);
    const work = m * k * n;
    const t: number[] = [];
    const o: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      t.push(timePerCall(theirs, work));
      o.push(timePerCall(ours, work));
    }
    const [tm, om] = [median(t), median(o)];
    console.log(`${label.padEnd(30)}${`${m}×${k}×${n}`.padEnd(16)}${tm.toFixed(3).padStart(7)} ms ${(work / tm / 1e6).toFixed(1).padStart(5)} GMAC/s ${om.toFixed(3).padStart(7)} ms ${(work / om / 1e6).toFixed(1).padStart(5)} GMAC/s ${(tm / om).toFixed(2).padStart(6)}×`);
    tf.dispose([a, b, c]);
  }
}

function hostProducts(): void {
  const gemm = HostGemm.create()!;
  console.log('\nLSTM recurrence (Float32Arrays, copies in and out included)');
  console.log('product                       shape           JS loop                SIMD (own memory)    ratio');
  for (const [m, k, n, label] of [[32, 32, 128, 'h·R (bench LSTM)'], [32, 128, 32, 'dz·Rᵀ (bench LSTM)'], [64, 64, 256, 'h·R, 64 units, batch 64']] as const) {
    const a = Float32Array.from({ length: m * k }, Math.random);
    const w = Float32Array.from({ length: k * n }, Math.random);
    const out = new Float32Array(m * n);
    gemm.load(w, k, n);
    const work = m * k * n;
    const j: number[] = [];
    const s: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      j.push(timePerCall(() => addRowsTimesMatrix(a, 0, k, m, k, w, n, out, 0, n), work));
      s.push(timePerCall(() => gemm.addRowsTimes(a, 0, k, m, out, 0, n), work));
    }
    const [jm, sm] = [median(j), median(s)];
    console.log(`${label.padEnd(30)}${`${m}×${k}×${n}`.padEnd(16)}${(jm * 1000).toFixed(1).padStart(7)} µs ${(work / jm / 1e6).toFixed(1).padStart(5)} GMAC/s ${(sm * 1000).toFixed(1).padStart(7)} µs ${(work / sm / 1e6).toFixed(1).padStart(5)} GMAC/s ${(jm / sm).toFixed(2).padStart(6)}×`);
  }
}

/** Adam on the bench MLP's variables: tfjs' update op for op (what Model Lab ran for big variables before) vs the SIMD pass. */
async function adamUpdates(): Promise<void> {
  await tf.setBackend('wasm');
  const adam = heapAdamFor(tf.backend())!;
  const shapes = [[784, 256], [256], [256, 256], [256], [256, 10], [10]];
  const values = shapes.reduce((s, d) => s + d.reduce((a, b) => a * b, 1), 0);
  const vars = shapes.map((shape) => ({ w: tf.randomNormal(shape), m: tf.zeros(shape), v: tf.zeros(shape), g: tf.randomNormal(shape) }));
  const [b1, b2, lr, eps] = [0.9, 0.999, 0.001, 1e-7];
  const viaKernels = () => tf.tidy(() => {
    for (const { w, m, v, g } of vars) {
      const m2 = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
      const v2 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
      tf.add(tf.mul(tf.div(tf.div(m2, 0.1), tf.add(tf.sqrt(tf.div(v2, 0.001)), eps)), -lr), w).dataSync();
    }
  });
  const heap = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
  const outs = vars.map(({ w }) => [tf.zerosLike(w), tf.zerosLike(w), tf.zerosLike(w)]);
  const viaSimd = () => vars.forEach(({ w, m, v, g }, i) => adam.update({ beta1: b1, keep1: 1 - b1, beta2: b2, keep2: 1 - b2, step: lr / 0.1, invCorrection2: 1 / 0.001, epsilon: eps }, ...([w, m, v, g, ...outs[i]].map((t) => heap.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array])));
  const k: number[] = [];
  const s: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    k.push(timePerCall(viaKernels, values * 40));
    s.push(timePerCall(viaSimd, values * 40));
  }
  console.log(`\nAdam update of the bench MLP's ${values} values: tfjs kernels ${median(k).toFixed(3)} ms, SIMD pass ${median(s).toFixed(3)} ms (${(median(k) / median(s)).toFixed(2)}×)`);
}

(async () => {
  await heapProducts();
  hostProducts();
  await adamUpdates();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
