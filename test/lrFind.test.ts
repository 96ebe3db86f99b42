// The learning-rate finder: the pure curve functions on synthetic curves, the range-test loop in-process
// (tensors freed, rates applied), and `modellab lr-find` end to end on a tiny real experiment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { experiment } from '../src/sdk/index';
import type { ExperimentConfig } from '../src/sdk/types';
import { createRng } from '../src/engine/data/rng';
import { createSetup } from '../src/engine/train/setup';
import { runRangeTest } from '../src/engine/lrFind/rangeTest';
import { createSmoother, DegenerateCurveError, hasDiverged, rangeLearningRate, smoothLosses, steepestDescent, suggestLearningRates, type CurvePoint } from '../src/engine/lrFind/suggest';
import { fmtLr, plotCurve } from '../src/cli/lrFindCommand';
import type { LrFindFinishedEvent } from '../src/protocol/workflowEvents';
import { tempDir } from './helpers';

const close = (a: number, b: number, what: string, tolerance = 1e-9) => assert.ok(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

/** `count` learning rates from 10^lo to 10^hi, with loss(log10 lr) as the smoothed loss. */
function curve(count: number, lo: number, hi: number, loss: (x: number) => number): CurvePoint[] {
  return Array.from({ length: count }, (_, i) => {
    const learningRate = rangeLearningRate(i, count, 10 ** lo, 10 ** hi);
    return { learningRate, smoothedLoss: loss(Math.log10(learningRate)) };
  });
}

test('rangeLearningRate: geometric from min (first step) to max (last step)', () => {
  close(rangeLearningRate(0, 100, 1e-7, 10), 1e-7, 'first');
  close(rangeLearningRate(99, 100, 1e-7, 10), 10, 'last');
  // 8 decades over 99 intervals: the ratio of neighbours is constant.
  const ratio = rangeLearningRate(1, 100, 1e-7, 10) / rangeLearningRate(0, 100, 1e-7, 10);
  close(rangeLearningRate(51, 100, 1e-7, 10) / rangeLearningRate(50, 100, 1e-7, 10), ratio, 'ratio');
  close(ratio, 10 ** (8 / 99), 'ratio value');
});

test('smoothing: bias-corrected EMA (β 0.98): starts at the first loss, a constant stays constant, worked value', () => {
  assert.deepEqual(smoothLosses([3, 3, 3, 3]).map((v) => Number(v.toFixed(12))), [3, 3, 3, 3]);
  // [1, 3]: (0.98·0.02·1 + 0.02·3) / (1 − 0.98²) = 0.0796 / 0.0396
  const [first, second] = smoothLosses([1, 3]);
  close(first, 1, 'first');
  close(second, 0.0796 / 0.0396, 'second');
  const smooth = createSmoother();
  assert.equal(smooth(5), 5);
  for (let i = 0; i < 49; i++) smooth(1);
  // After 50 steps one outlier gets a weight of 0.02 / (1 − 0.98⁵¹) ≈ 0.031.
  close(smooth(100), 1 + 99 * (0.02 / (1 - 0.98 ** 51)) + 4 * 0.98 ** 50 * 0.02 / (1 - 0.98 ** 51), 'outlier after 50 steps', 1e-9);
  assert.equal(hasDiverged(4.01, 1), true);
  assert.equal(hasDiverged(4, 1), false);
  assert.equal(hasDiverged(10, Infinity), false);
});

test('U-shaped curve: steepest at the known inflection (lr 1e-3), below the minimum, so it is the suggestion', () => {
  // Falls fastest at x = −3 (slope −2 per decade there), bottoms out near x = −1.4, then blows up.
  const points = curve(100, -7, 1, (x) => 2 - Math.tanh(2 * (x + 3)) + Math.exp(3 * (x + 0.5)));
  const s = suggestLearningRates(points);
  assert.ok(s.steepest !== undefined);
  const step = 8 / 99; // decades between neighbouring points
  assert.ok(Math.abs(Math.log10(s.steepest) + 3) <= step, `steepest ${s.steepest} is not at 1e-3`);
  const min = points.reduce((a, b) => (b.smoothedLoss < a.smoothedLoss ? b : a));
  close(s.minLossLearningRate, min.learningRate, 'min-loss lr');
  close(s.minLossDividedBy10, min.learningRate / 10, 'min-loss / 10');
  assert.ok(s.steepest < s.minLossLearningRate);
  assert.equal(s.suggested, s.steepest);
});

test('a curve that diverges: the stop rule fires, and the suggestion read from what came before lies below the blow-up', () => {
  const lrs = Array.from({ length: 100 }, (_, i) => rangeLearningRate(i, 100, 1e-6, 10));
  // Raw loss: flat at 2.3, learns between 1e-4 and 1e-2, explodes above 0.1.
  const raw = lrs.map((lr) => {
    const x = Math.log10(lr);
    return 1.3 - Math.tanh(1.5 * (x + 3)) + (x > -1 ? 10 ** (3 * (x + 1)) - 1 : 0);
  });
  const smooth = createSmoother();
  let best = Infinity;
  const points: CurvePoint[] = [];
  let divergedAt: number | undefined;
  for (let i = 0; i < raw.length; i++) {
    const smoothedLoss = smooth(raw[i]);
    points.push({ learningRate: lrs[i], smoothedLoss });
    if (hasDiverged(smoothedLoss, best)) {
      divergedAt = lrs[i];
      break;
    }
    best = Math.min(best, smoothedLoss);
  }
  assert.ok(divergedAt !== undefined && divergedAt < 10, 'the explosion stops the test before max');
  const s = suggestLearningRates(points);
  assert.ok(s.suggested < divergedAt / 10, `suggested ${s.suggested}, diverged at ${divergedAt}`);
  assert.ok(s.suggested > 1e-4, `suggested ${s.suggested} is before the loss falls at all`);
});

test('fallback: steepest above the min-loss rate (a late dip) gives min-loss / 10; no descent at all gives it too', () => {
  // Lowest at the start, rising, with one sharp drop later that stays above the start.
  const lateDip = curve(40, -6, 0, (x) => 1 + 0.1 * (x + 6) - (x > -2 ? 0.3 : 0));
  const s = suggestLearningRates(lateDip);
  assert.ok(s.steepest !== undefined && s.steepest > s.minLossLearningRate);
  close(s.suggested, s.minLossDividedBy10, 'suggested');
  close(s.minLossDividedBy10, 1e-7, 'min-loss / 10');
  const rising = curve(30, -6, 0, (x) => 1 + (x + 6) ** 2);
  const r = suggestLearningRates(rising);
  assert.equal(r.steepest, undefined);
  assert.equal(steepestDescent(rising), undefined);
  close(r.suggested, 1e-7, 'rising: first lr / 10');
});

test('degenerate curves: flat loss and too few points are clear errors; non-finite points are skipped', () => {
  const flat = curve(50, -7, 1, () => 0.6931);
  assert.throws(() => suggestLearningRates(flat), (err: unknown) => err instanceof DegenerateCurveError && err.code === 'flat-loss' && /did not change/.test(err.message));
  const short = curve(4, -7, -6, (x) => -x);
  assert.throws(() => suggestLearningRates(short), (err: unknown) => err instanceof DegenerateCurveError && err.code === 'too-few-points' && /--min-lr/.test(err.message));
  const withNaN = curve(30, -5, 0, (x) => 2 - Math.tanh(2 * (x + 3)));
  withNaN[15].smoothedLoss = NaN;
  withNaN[16].smoothedLoss = Infinity;
  const s = suggestLearningRates(withNaN);
  assert.ok(Number.isFinite(s.suggested) && s.steepest !== undefined);
});

test('text plot: 15 rows of 60 columns, an axis, and the suggestion marked', () => {
  const points = curve(80, -7, 1, (x) => 2 - Math.tanh(2 * (x + 3)) + Math.exp(3 * (x + 0.5))).map((p): [number, number] => [p.learningRate, p.smoothedLoss]);
  const text = plotCurve(points, 1e-3);
  const lines = text.split('\n');
  assert.equal(lines.length, 17);
  for (const line of lines.slice(0, 16)) assert.equal([...line].length, 12 + 60, line);
  assert.match(lines[16], /1\.0e-7/);
  assert.match(lines[16], /↑ 0\.001/);
  assert.ok(lines.slice(0, 15).every((l) => l.includes('│') || l.includes('•')));
  assert.equal(fmtLr(0.0031257), '0.0031');
  assert.equal(fmtLr(3.1e-7), '3.1e-7');
  assert.equal(fmtLr(10), '10');
});

// ---------------------------------------------------------------- the loop, in-process

const xor = () => ({
  kind: 'function' as const,
  options: { normalize: false },
  fn: () => {
    const x: number[][] = [];
    const y: number[][] = [];
    for (let i = 0; i < 64; i++) {
      const a = i % 2;
      const b = (i >> 1) % 2;
      x.push([a, b]);
      y.push([a ^ b]);
    }
    return { train: { x, y } };
  },
});

async function tinySetup(overrides: Partial<ExperimentConfig> = {}) {
  await tf.setBackend('cpu');
  const exp = experiment({
    name: 'xor',
    data: xor(),
    model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 8, activation: 'tanh' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] }),
    optimizer: { name: 'adam', learningRate: 1e-3, clipNorm: 5 },
    loss: 'binaryCrossentropy',
    batchSize: 16,
    ...overrides,
  } as ExperimentConfig);
  return createSetup(exp);
}

test('range test loop: sets each step\'s rate on the optimizer, cycles through the data, frees every tensor', async () => {
  const setup = await tinySetup();
  const seen: number[] = [];
  const first = await runRangeTest(setup, { minLearningRate: 1e-4, maxLearningRate: 1e-1, steps: 12, rng: createRng(1), onStep: (p) => seen.push(p.learningRate) });
  assert.equal(first.stoppedBecause, 'max-learning-rate');
  assert.equal(first.points.length, 12); // 3 passes over 4 batches
  seen.forEach((lr, i) => close(lr, rangeLearningRate(i, 12, 1e-4, 1e-1), `lr ${i}`));
  close(setup.optimizer.getLearningRate(), 1e-1, 'last rate on the optimizer');
  assert.ok(new Set(first.points.map((p) => p.loss)).size > 6, 'the loss changes from step to step');
  // The optimizer's slots exist after the first steps; more steps must add no tensor.
  const before = tf.memory().numTensors;
  await runRangeTest(setup, { minLearningRate: 1e-4, maxLearningRate: 1e-1, steps: 8, rng: createRng(2) });
  assert.equal(tf.memory().numTensors, before);
  setup.model.dispose();
  setup.optimizer.optimizer.dispose();
});

test('range test loop: a huge rate stops on divergence or a non-finite loss', async () => {
  const setup = await tinySetup({ optimizer: 'sgd', loss: 'meanSquaredError', model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] }) } as Partial<ExperimentConfig>);
  const result = await runRangeTest(setup, { minLearningRate: 1e-3, maxLearningRate: 1e6, steps: 60, rng: createRng(3) });
  assert.ok(result.stoppedBecause === 'diverged' || result.stoppedBecause === 'non-finite-loss', result.stoppedBecause);
  assert.ok(result.points.length < 60);
  assert.ok(result.points.every((p) => Number.isFinite(p.loss)));
  setup.model.dispose();
});

// ---------------------------------------------------------------- the command

// The built CLI (`npm run build`), as test/cli.test.ts uses it.
const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

function modellab(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

const IRIS_MODEL = `import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const irisNet = experiment({
  name: 'iris-net',
  data: datasets.iris({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: {
    name: 'adam',
    learningRate: 0.01,
  },
  loss: 'categoricalCrossentropy',
  batchSize: 16,
  seed: 7,
});
`;

test('modellab lr-find --json on a tiny real experiment: step lines, then the finished summary', () => {
  const file = path.join(tempDir('modellab-lrfind-'), 'iris.model.ts');
  fs.writeFileSync(file, IRIS_MODEL);
  // Up to 1000 the loss blows up before the last step.
  const r = modellab(['lr-find', file, '--steps', '40', '--min-lr', '1e-3', '--max-lr', '1000', '--backend', 'cpu', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const events = r.lines.map((l) => JSON.parse(l));
  assert.equal(events[0].type, 'lr-find-started');
  assert.equal(events[0].experiment, 'iris-net');
  assert.equal(events[0].steps, 40);
  assert.equal(events[0].batchSize, 16);
  const steps = events.filter((e) => e.type === 'lr-find-step');
  assert.equal(steps.length + 2, events.length, 'only started, steps and finished');
  const finished = events[events.length - 1] as LrFindFinishedEvent;
  assert.equal(finished.type, 'lr-find-finished');
  assert.equal(finished.curve.length, steps.length);
  assert.equal(finished.smoothed.length, steps.length);
  const lrs = finished.curve.map(([lr]) => lr);
  for (let i = 1; i < lrs.length; i++) assert.ok(lrs[i] > lrs[i - 1], `rates increase at ${i}`);
  close(lrs[0], 1e-3, 'first rate');
  const losses = finished.curve.map(([, loss]) => loss);
  assert.ok(new Set(losses.map((l) => l.toFixed(6))).size > steps.length / 2, 'the losses are real: they change');
  assert.ok(Math.min(...losses) < losses[0] * 0.8, 'the loss falls somewhere in the range');
  const s = finished.suggestedLearningRate;
  assert.ok(s >= 1e-3 && s <= 1000, `suggestion ${s} within the range`);
  assert.equal(finished.stoppedBecause, 'diverged');
  assert.ok(steps.length < 40);
  assert.ok(s < lrs[lrs.length - 1], `suggestion ${s} below where the loss diverged (${lrs[lrs.length - 1]})`);
  assert.ok(s === finished.suggestions.steepest || s === finished.suggestions.minLossDividedBy10);
  assert.equal(finished.currentLearningRate, 0.01);
  assert.deepEqual(finished.location, { file, line: 16, column: 5 });
});

test('modellab lr-find: the readable summary has the plot, the suggestions and a hint', () => {
  const file = path.join(tempDir('modellab-lrfind-'), 'iris.model.ts');
  fs.writeFileSync(file, IRIS_MODEL);
  const r = modellab(['lr-find', file, '--steps', '30', '--max-lr', '100', '--backend', 'cpu']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Range test of 'iris-net'/);
  assert.match(r.stdout, /└─+┴─+/);
  assert.match(r.stdout, /suggested +\S+/);
  assert.match(r.stdout, /current +0\.01/);
  assert.ok(r.stdout.includes(`set learningRate: `) && r.stdout.includes(`${file}:16:5`), r.stdout);
});

test('modellab lr-find: bad input exits 2 with a clear message', () => {
  const file = path.join(tempDir('modellab-lrfind-'), 'iris.model.ts');
  fs.writeFileSync(file, IRIS_MODEL);
  const backwards = modellab(['lr-find', file, '--min-lr', '1', '--max-lr', '0.1', '--json']);
  assert.equal(backwards.code, 2);
  const err = JSON.parse(backwards.lines[backwards.lines.length - 1]);
  assert.equal(err.type, 'error');
  assert.equal(err.code, 'bad-range');
  assert.match(err.message, /--min-lr \(1\) must be below --max-lr \(0\.1\)/);
  const plain = modellab(['lr-find', file, '--min-lr', '1', '--max-lr', '0.1']);
  assert.equal(plain.code, 2);
  assert.match(plain.stderr, /error: --min-lr \(1\) must be below --max-lr/);
  const noExperiment = modellab(['lr-find', file, '--experiment', 'nope', '--json']);
  assert.equal(noExperiment.code, 2);
  const e = JSON.parse(noExperiment.lines[noExperiment.lines.length - 1]);
  assert.equal(e.code, 'unknown-experiment');
  assert.equal(e.location.file, file);
  const notANumber = modellab(['lr-find', file, '--max-lr', 'big']);
  assert.equal(notANumber.code, 2);
  assert.match(notANumber.stderr, /--max-lr takes a number/);
});

test('the suggestion curve has no lag: a sharp drop is found where it is, not where the live EMA puts it', async () => {
  const { suggestionCurve, smoothLosses, steepestDescent } = await import('../src/engine/lrFind/suggest');
  // Loss 2 until lr 1e-3, a fall to 0.2 over one decade, flat, then up: the fastest fall is at ~3e-3.
  const steps = 100;
  const points = Array.from({ length: steps }, (_, i) => {
    const lr = 1e-7 * 1e8 ** (i / (steps - 1));
    const t = Math.log10(lr);
    const loss = t < -3 ? 2 : t < -2 ? 2 - 1.8 * (t + 3) : t < -1 ? 0.2 : 0.2 + 5 * (t + 1);
    return { learningRate: lr, loss: loss + 0.05 * Math.sin(i * 1.7) };
  });
  const zeroLag = steepestDescent(suggestionCurve(points))!;
  const ema = smoothLosses(points.map((p) => p.loss));
  const lagged = steepestDescent(points.map((p, i) => ({ learningRate: p.learningRate, smoothedLoss: ema[i] })))!;
  assert.ok(zeroLag > 1e-3 && zeroLag < 1e-2, `zero-lag steepest ${zeroLag} inside the falling decade`);
  assert.ok(lagged > zeroLag * 2, `the live EMA's steepest (${lagged}) lags to the right of ${zeroLag}`);
});
