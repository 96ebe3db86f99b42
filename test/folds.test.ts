// K-fold assignment: the K validation folds partition the non-test rows, sizes and class shares are
// even, the same seed gives the same folds, the test split is untouched, and each fold standardizes
// with its own train rows only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignFolds, classOfRows } from '../src/engine/data/folds';
import { resolveData, type DataContext } from '../src/engine/data/prepare';
import { createRng } from '../src/engine/data/rng';
import type { ArraySplit, PreparedData } from '../src/engine/data/types';
import { prepareData } from '../src/engine/train/setup';
import { datasets } from '../src/sdk/datasets';
import { experiment } from '../src/sdk/index';
import type { DataSpec, DataSplits } from '../src/sdk/types';
import * as tf from '@tensorflow/tfjs';

/** Each row of a split as text: identical rows count separately (iris has duplicates). */
function rows(split: ArraySplit | undefined): string[] {
  if (!split) return [];
  const xw = split.x.length / split.count;
  const yw = split.y.length / split.count;
  return Array.from({ length: split.count }, (_, i) => `${Array.from(split.x.subarray(i * xw, (i + 1) * xw)).join(',')}|${Array.from(split.y.subarray(i * yw, (i + 1) * yw)).join(',')}`);
}

const sorted = (a: string[]) => a.slice().sort();

/** Class index of each row of a one-hot split. */
function classCounts(split: ArraySplit, numClasses: number): number[] {
  const counts = new Array(numClasses).fill(0);
  for (const c of classOfRows(split.y, split.count, numClasses)) counts[c]++;
  return counts;
}

async function allFolds(spec: DataSpec, folds: number, ctx: Omit<DataContext, 'fold'>, stratified?: boolean): Promise<PreparedData[]> {
  return Promise.all(Array.from({ length: folds }, (_, index) => resolveData(spec, { ...ctx, fold: { index, folds, stratified } })));
}

test('the K validation folds partition the non-test rows; sizes differ by at most one; the test split is the plain one', async () => {
  const spec = datasets.iris({ validationSplit: 0.2, testSplit: 0.2, normalize: false });
  const plain = await resolveData(spec, { seed: 4, lossName: 'categoricalCrossentropy' });
  const nonTest = sorted([...rows(plain.train), ...rows(plain.validation)]);
  assert.equal(nonTest.length, 120);
  for (const stratified of [true, false]) {
    const folds = await allFolds(spec, 4, { seed: 4, lossName: 'categoricalCrossentropy' }, stratified);
    const validation = folds.flatMap((f) => rows(f.validation));
    assert.deepEqual(sorted(validation), nonTest, `stratified ${stratified}: every non-test row validates exactly once`);
    const sizes = folds.map((f) => f.validation!.count);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
    for (const f of folds) {
      assert.deepEqual(sorted([...rows(f.train), ...rows(f.validation)]), nonTest, 'train + validation is the whole pool');
      assert.deepEqual(rows(f.test), rows(plain.test), 'the test split is the one a plain run holds out');
    }
  }
});

test('stratified folds keep each class share ±1 row, and fold sizes even', async () => {
  // 3 classes of 50, no test split: 5 folds of 30 rows, 10 of each class.
  const folds = await allFolds(datasets.iris({ normalize: false }), 5, { seed: 9, lossName: 'categoricalCrossentropy' });
  for (const f of folds) assert.deepEqual(classCounts(f.validation!, 3), [10, 10, 10]);
  // An uneven case, straight on the assignment: classes of 7, 5 and 1 rows in 4 folds.
  const classes = Int32Array.from([...Array(7).fill(0), ...Array(5).fill(1), 2]);
  const foldOf = assignFolds(classes.length, 4, createRng(1), classes);
  for (const c of [0, 1]) {
    const perFold = [0, 1, 2, 3].map((k) => classes.filter((cls, row) => cls === c && foldOf[row] === k).length);
    const share = classes.filter((cls) => cls === c).length / 4;
    assert.ok(perFold.every((n) => Math.abs(n - share) < 1), `class ${c}: ${perFold}`);
  }
  const sizes = [0, 1, 2, 3].map((k) => Array.from(foldOf).filter((f) => f === k).length);
  assert.deepEqual(sizes.slice().sort(), [3, 3, 3, 4]);
});

test('same seed, same folds; another seed, other folds', async () => {
  const spec = datasets.wine({ testSplit: 0.1, normalize: false });
  const a = await resolveData(spec, { seed: 2, fold: { index: 1, folds: 3 } });
  const b = await resolveData(spec, { seed: 2, fold: { index: 1, folds: 3 } });
  const c = await resolveData(spec, { seed: 3, fold: { index: 1, folds: 3 } });
  assert.deepEqual(rows(a.validation), rows(b.validation));
  assert.deepEqual(rows(a.train), rows(b.train));
  assert.notDeepEqual(sorted(rows(a.validation)), sorted(rows(c.validation)));
});

test('each fold standardizes with its own train rows only', async () => {
  const raw = await resolveData(datasets.wine({ testSplit: 0.1, normalize: false }), { seed: 5, fold: { index: 2, folds: 4 } });
  const normalized = await resolveData(datasets.wine({ testSplit: 0.1 }), { seed: 5, fold: { index: 2, folds: 4 } });
  const width = raw.featureShape[0];
  for (const j of [1, 4, 7, width - 1]) {
    const col = Array.from({ length: raw.train.count }, (_, i) => raw.train.x[i * width + j]);
    const mean = col.reduce((s, v) => s + v, 0) / col.length;
    assert.ok(Math.abs(normalized.normalization!.mean[j] - mean) < 1e-4 * Math.max(1, Math.abs(mean)), `column ${j}`);
    // Statistics of all non-test rows (what a leak would use) differ measurably from those.
    const pooled = [...col, ...Array.from({ length: raw.validation!.count }, (_, i) => raw.validation!.x[i * width + j])];
    const pooledMean = pooled.reduce((s, v) => s + v, 0) / pooled.length;
    assert.ok(Math.abs(pooledMean - mean) > 1e-3 * Math.max(1, Math.abs(mean)), `column ${j}: fold-train and pooled means too close to tell apart`);
    // The validation fold is scaled with those statistics, not its own.
    const v = raw.validation!.x[j];
    assert.ok(Math.abs(normalized.validation!.x[j] - (v - normalized.normalization!.mean[j]) / normalized.normalization!.std[j]) < 1e-4);
  }
});

test('function data: given validation rows join the pool, one-hot targets stratify by class, limit caps each fold\'s training rows', async () => {
  // Feature 0 is the row's id; class 0 for ids below 12, class 1 for the rest; one-hot targets.
  const split = (from: number, to: number) => ({
    x: Array.from({ length: to - from }, (_, i) => [from + i, (from + i) % 3]),
    y: Array.from({ length: to - from }, (_, i) => (from + i < 12 ? [1, 0] : [0, 1])),
  });
  const fn = (): DataSplits => ({ train: split(0, 20), validation: split(20, 30), test: split(30, 36) });
  const spec: DataSpec = { kind: 'function', fn, options: { normalize: false } };
  const folds = await allFolds(spec, 3, { seed: 1, lossName: 'categoricalCrossentropy' });
  const ids = folds.flatMap((f) => Array.from({ length: f.validation!.count }, (_, i) => f.validation!.x[i * 2]));
  assert.deepEqual(ids.sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i));
  // 12 of class 0 and 18 of class 1 in 3 folds: 4 and 6 in each.
  for (const f of folds) assert.deepEqual(classCounts(f.validation!, 2), [4, 6]);
  for (const f of folds) assert.deepEqual(Array.from({ length: f.test!.count }, (_, i) => f.test!.x[i * 2]), [30, 31, 32, 33, 34, 35]);

  const limited = await resolveData({ ...spec, options: { normalize: false, limit: 7 } }, { seed: 1, lossName: 'categoricalCrossentropy', fold: { index: 0, folds: 3 } });
  assert.equal(limited.train.count, 7);
  assert.deepEqual(rows(limited.validation), rows(folds[0].validation), 'limit leaves the validation fold whole');
});

test('regression folds are plain; bad fold settings are errors that say what to change', async () => {
  const folds = await allFolds(datasets.diabetes({ normalize: false }), 4, { seed: 1, lossName: 'meanSquaredError' });
  assert.equal(folds.reduce((n, f) => n + f.validation!.count, 0), 442);
  await assert.rejects(resolveData(datasets.diabetes(), { seed: 1, lossName: 'meanSquaredError', fold: { index: 0, folds: 4, stratified: true } }), /stratified needs class labels, but this is a regression dataset/);
  await assert.rejects(resolveData(datasets.iris({ testSplit: 0.5 }), { seed: 1, fold: { index: 0, folds: 80 } }), /folds is 80 but only 75 rows are left for training and validation.*use at most 75 folds/);
  await assert.rejects(resolveData(datasets.iris(), { seed: 1, fold: { index: 3, folds: 3 } }), /fold index must be a whole number from 0 to 2, got 3/);
  // A class too small to appear in every fold is named with its count.
  const fn = (): DataSplits => ({ train: { x: [[0], [1], [2], [3], [4], [5]], y: [[1, 0], [1, 0], [1, 0], [1, 0], [0, 1], [0, 1]] } });
  await assert.rejects(resolveData({ kind: 'function', fn, options: {} }, { seed: 1, lossName: 'categoricalCrossentropy', fold: { index: 0, folds: 3 } }), /class 1 has 2 rows \(of 6 non-test rows\): use at most 2 folds, or stratified: false/);
  const plain = await resolveData({ kind: 'function', fn, options: {} }, { seed: 1, lossName: 'categoricalCrossentropy', fold: { index: 0, folds: 3, stratified: false } });
  assert.equal(plain.validation!.count, 2);
});

test('through prepareData, fold errors point at the experiment, even for function data', async () => {
  const fn = (): DataSplits => ({ train: { x: [[0], [1], [2]], y: [[1, 0], [1, 0], [0, 1]] } });
  const exp = experiment({ name: 'small', data: fn as never, model: () => tf.sequential(), loss: 'categoricalCrossentropy' });
  await assert.rejects(prepareData(exp, 1, 'categoricalCrossentropy', { index: 0, folds: 2 }), (err: Error & { code?: string; location?: { file: string } }) => {
    assert.equal(err.code, 'bad-config');
    assert.match(err.message, /class 1 has 1 row/);
    assert.ok(exp.location);
    assert.equal(err.location?.file, exp.location.file);
    return true;
  });
});
