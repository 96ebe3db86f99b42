// The workflow webview's pure model: the learning-rate finder's plot and suggestions, a sweep's trial
// table (rows, columns, sorting, best trial) and parallel coordinates, a cross-validation's folds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LrFindFinishedEvent, LrFindStepEvent } from '../src/protocol/workflowEvents';
import type { CrossValidationRecord, SweepRecord } from '../src/protocol/groupRecord';
import type { MemberRunState } from '../src/protocol/workflow';
import { formatLearningRate, lrPlot, lrSuggestions, roundLearningRate, suggestionSentence, yRange } from '../webview/src/model/workflow/lrCurve';
import { bestTrial, compareValues, formatCell, metricNames, nextSort, sortRows, statusLabel, sweepColumns, sweepRows, topRunIds, validSort, type TrialRow } from '../webview/src/model/workflow/sweepTable';
import { categoricalAxis, linearTicks, logTicks, paramAxis, parallelCoordinates, position, valueAt } from '../webview/src/model/workflow/parallelCoordinates';
import { foldMetricNames, foldRows, formatMeanStd, mainFoldMetric, meanStd } from '../webview/src/model/workflow/cvSummary';

// ---------------------------------------------------------------- learning-rate finder

const step = (i: number, learningRate: number, loss: number, smoothedLoss: number): LrFindStepEvent => ({ type: 'lr-find-step', step: i, learningRate, loss, smoothedLoss });

test('LR plot: steps become raw and smoothed series; non-finite losses are gaps', () => {
  const plot = lrPlot([step(0, 1e-5, 2.3, 2.3), step(1, 1e-4, 2.1, 2.2), step(2, 1e-3, NaN, 2.0), step(3, 1e-2, 1.5, 1.8)]);
  assert.deepEqual(plot.raw.map((p) => p.y), [2.3, 2.1, null, 1.5]);
  assert.deepEqual(plot.smoothed.map((p) => p.x), [1e-5, 1e-4, 1e-3, 1e-2]);
  assert.equal(plot.yMax, undefined, 'nothing to clip when the loss never climbs above 3× the start');
});

test('LR plot: the finished event\'s arrays win over the steps received', () => {
  const finished = lrFinished({ curve: [[1e-4, 1], [1e-3, 0.5]], smoothed: [[1e-4, 1], [1e-3, 0.8]] });
  const plot = lrPlot([step(0, 1e-5, 9, 9)], finished);
  assert.deepEqual(plot.raw, [{ x: 1e-4, y: 1 }, { x: 1e-3, y: 0.5 }]);
  assert.deepEqual(plot.smoothed, [{ x: 1e-4, y: 1 }, { x: 1e-3, y: 0.8 }]);
});

test('LR plot: the explosion is clipped at a few times the first smoothed loss, the minimum keeps its margin', () => {
  const steps = [step(0, 1e-5, 2, 2), step(1, 1e-4, 1.2, 1.6), step(2, 1e-3, 0.5, 0.9), step(3, 1e-2, 40, 12), step(4, 1e-1, 1e6, 500)];
  const plot = lrPlot(steps, undefined, 3);
  assert.equal(plot.yMax, 6);
  // Lowest shown 0.5, top 6: 5% of 5.5 below it.
  assert.ok(Math.abs(plot.yMin! - (0.5 - 0.275)) < 1e-12);
  assert.deepEqual(yRange([], []), {});
  // Losses that stay under the ceiling are not clipped; the lower end never goes below zero for losses ≥ 0.
  assert.deepEqual(yRange([{ x: 1, y: 0.01 }], [{ x: 1, y: 1 }, { x: 2, y: 2 }], 3), { yMin: 0, yMax: undefined });
});

function lrFinished(over: Partial<LrFindFinishedEvent> = {}): LrFindFinishedEvent {
  return { type: 'lr-find-finished', experiment: 'digits', file: '/w/digits.model.ts', suggestedLearningRate: 0.0031622776, suggestions: { steepest: 0.0031622776, minLossDividedBy10: 0.00891 }, curve: [], smoothed: [], stoppedBecause: 'diverged', ...over };
}

test('LR suggestions: the pick with its reason first, distinct alternatives after, the current rate last', () => {
  const list = lrSuggestions(lrFinished({ currentLearningRate: 0.001 }));
  assert.deepEqual(
    list.map((s) => [s.kind, s.learningRate]),
    [['suggested', 0.0032], ['min-loss', 0.0089], ['current', 0.001]],
  );
  assert.equal(suggestionSentence(list[0]), 'Suggested learning rate 3.2e-3 — steepest descent of the smoothed loss');
  // Falling back to min-loss/10: the reason says so, and the steepest one is an alternative.
  const fallback = lrSuggestions(lrFinished({ suggestedLearningRate: 0.0089, suggestions: { steepest: 0.05, minLossDividedBy10: 0.0089 }, currentLearningRate: 0.0089 }));
  assert.deepEqual(fallback.map((s) => s.kind), ['suggested', 'steepest']);
  assert.match(fallback[0].reason, /minimum of the smoothed loss ÷ 10/);
});

test('LR formatting: two significant digits, exponent form below 0.01', () => {
  assert.equal(formatLearningRate(0.0031622776), '3.2e-3');
  assert.equal(formatLearningRate(0.001), '1e-3');
  assert.equal(formatLearningRate(0.01), '0.01');
  assert.equal(formatLearningRate(0.316), '0.32');
  assert.equal(formatLearningRate(undefined), '–');
  assert.equal(roundLearningRate(0.0031622776), 0.0032);
});

// ---------------------------------------------------------------- sweeps

function sweep(over: Partial<SweepRecord> = {}): SweepRecord {
  return {
    schemaVersion: 1,
    kind: 'sweep',
    id: 'sweep-1',
    experiment: 'iris',
    file: '/w/iris.model.ts',
    createdAt: '2026-11-23T01:00:00.000Z',
    status: 'running',
    pid: 1,
    seed: 42,
    method: 'random',
    space: { learningRate: { kind: 'logUniform', min: 1e-4, max: 1e-1 }, units: { kind: 'choice', values: [16, 'wide', 64] }, dropout: { kind: 'uniform', min: 0, max: 0.5 } },
    plannedTrials: [
      { learningRate: 0.01, units: 16, dropout: 0.1 },
      { learningRate: 0.001, units: 'wide', dropout: 0.3 },
      { learningRate: 0.05, units: 64, dropout: 0.2 },
      { learningRate: 0.0002, units: 16, dropout: 0.4 },
      { learningRate: 0.003, units: 64, dropout: 0 },
    ],
    metric: 'val_loss',
    goal: 'minimize',
    members: [
      { runId: 'r0', index: 0, status: 'completed', metrics: { loss: 0.3, val_loss: 0.4, val_acc: 0.9 }, params: { learningRate: 0.01, units: 16, dropout: 0.1 } },
      { runId: 'r2', index: 2, status: 'diverged', metrics: { loss: NaN }, params: { learningRate: 0.05, units: 64, dropout: 0.2 } },
      { runId: 'r1', index: 1, status: 'completed', metrics: { loss: 0.2, val_loss: 0.25, val_acc: 0.95 }, params: { learningRate: 0.001, units: 'wide', dropout: 0.3 } },
    ],
    ...over,
  };
}

const live = (runId: string, over: Partial<MemberRunState> = {}): MemberRunState => ({ runId, status: 'running', epochsCompleted: 2, epochs: 10, metrics: { loss: 0.5, val_loss: 0.6 }, diagnosticsCount: 0, tested: false, ...over });

test('sweep rows: one per planned trial; finished from the record, running from their run, the rest pending', () => {
  const rows = sweepRows(sweep(), [live('r0', { status: 'completed', epochsCompleted: 10 }), live('r3')]);
  assert.deepEqual(rows.map((r) => [r.index, r.runId, r.status]), [[0, 'r0', 'completed'], [1, 'r1', 'completed'], [2, 'r2', 'diverged'], [3, 'r3', 'running'], [4, undefined, 'pending']]);
  assert.deepEqual(rows[3].params, { learningRate: 0.0002, units: 16, dropout: 0.4 });
  assert.equal(rows[3].metrics.val_loss, 0.6);
  assert.equal(statusLabel(rows[3]), 'running · epoch 3/10');
  assert.equal(statusLabel(rows[4]), 'not started');
  assert.equal(formatCell(rows[0], { id: 'epochs', kind: 'epochs', label: 'Epochs', numeric: true }), '10/10');
  // A live run with an index goes to that trial, not the lowest unfinished one.
  const placed = sweepRows(sweep(), [live('r4', { index: 4 })]);
  assert.deepEqual(placed.map((r) => r.runId), ['r0', 'r1', 'r2', undefined, 'r4']);
  // Best: the completed trial with the lowest val_loss.
  assert.deepEqual(rows.map((r) => r.best), [false, true, false, false, false]);
});

test('best trial: minimize and maximize; only completed trials with the metric; first on ties', () => {
  const rows = [
    row(0, 'completed', { acc: 0.8, loss: 0.5 }),
    row(1, 'diverged', { acc: 0.99, loss: 0.01 }),
    row(2, 'completed', { acc: 0.9, loss: 0.7 }),
    row(3, 'completed', { acc: 0.9, loss: 0.5 }),
    row(4, 'running', { acc: 0.95, loss: 0.1 }),
  ];
  assert.equal(bestTrial(rows, 'acc', 'maximize'), 2);
  assert.equal(bestTrial(rows, 'loss', 'minimize'), 0);
  assert.equal(bestTrial(rows, 'val_loss', 'minimize'), undefined);
  assert.deepEqual(topRunIds(rows, 'acc', 'maximize', 2), ['run2', 'run3']);
  assert.deepEqual(topRunIds(rows, 'loss', 'minimize', 5), ['run0', 'run3', 'run2']);
});

function row(index: number, status: TrialRow['status'], metrics: Record<string, number>, params: TrialRow['params'] = {}): TrialRow {
  return { index, runId: `run${index}`, status, params, metrics, best: false };
}

test('sweep columns: fixed ones, params in the space\'s order, the sweep metric first among metrics', () => {
  const record = sweep();
  const rows = sweepRows(record, []);
  const columns = sweepColumns(record, rows);
  assert.deepEqual(columns.map((c) => c.id), ['trial', 'run', 'status', 'epochs', 'param:learningRate', 'param:units', 'param:dropout', 'metric:val_loss', 'metric:val_acc', 'metric:loss']);
  assert.equal(columns.find((c) => c.id === 'param:units')!.numeric, false);
  // A metric nobody has yet still gets its column.
  assert.deepEqual(metricNames({ metric: 'val_acc' }, [{ metrics: { loss: 1 } }]), ['val_acc', 'loss']);
});

test('sorting: numbers by value, strings naturally, missing values last in both directions, ties stable', () => {
  const record = sweep();
  const rows = sweepRows(record, [live('r3', { metrics: {} })]);
  const columns = sweepColumns(record, rows);
  const ids = (column: string, direction: 'asc' | 'desc'): number[] => sortRows(rows, columns, { column, direction }).map((r) => r.index);
  // val_loss: r1 0.25, r0 0.4; r2 (NaN → missing), r3 (no metrics), r4 (pending) last, in trial order.
  assert.deepEqual(ids('metric:val_loss', 'asc'), [1, 0, 2, 3, 4]);
  assert.deepEqual(ids('metric:val_loss', 'desc'), [0, 1, 2, 3, 4]);
  assert.deepEqual(ids('param:learningRate', 'asc'), [3, 1, 4, 0, 2]);
  // Choice values mixing numbers and strings: numbers first (by value), then strings; ties keep trial order.
  assert.deepEqual(ids('param:units', 'asc'), [0, 3, 2, 4, 1]);
  assert.deepEqual(ids('param:units', 'desc'), [1, 2, 4, 0, 3]);
  assert.deepEqual(ids('status', 'asc'), [0, 1, 2, 4, 3]);
  assert.deepEqual(ids('run', 'desc'), [3, 2, 1, 0, 4]);
  assert.deepEqual(ids('no-such-column', 'asc'), [0, 1, 2, 3, 4]);
  assert.ok(compareValues('trial-2', 'trial-10') < 0, 'natural order of strings with numbers');
});

test('sort choice: a new metric column starts best-first, the same column flips; a stale saved sort falls back', () => {
  const record = sweep();
  const columns = sweepColumns(record, sweepRows(record, []));
  const goalFor = (m: string): 'minimize' | 'maximize' => (m.includes('acc') ? 'maximize' : 'minimize');
  const acc = columns.find((c) => c.id === 'metric:val_acc')!;
  assert.deepEqual(nextSort(undefined, acc, goalFor), { column: 'metric:val_acc', direction: 'desc' });
  assert.deepEqual(nextSort({ column: 'metric:val_acc', direction: 'desc' }, acc, goalFor), { column: 'metric:val_acc', direction: 'asc' });
  assert.deepEqual(nextSort(undefined, columns[0], goalFor), { column: 'trial', direction: 'asc' });
  assert.deepEqual(validSort({ column: 'param:gone', direction: 'asc' }, columns, record), { column: 'metric:val_loss', direction: 'asc' });
  assert.deepEqual(validSort({ column: 'param:units', direction: 'desc' }, columns, record), { column: 'param:units', direction: 'desc' });
  assert.deepEqual(validSort(undefined, columns, { metric: 'val_acc', goal: 'maximize' }), { column: 'metric:val_acc', direction: 'desc' });
});

// ---------------------------------------------------------------- parallel coordinates

test('log axis for logUniform params: decades evenly spaced, ticks at powers of ten', () => {
  const axis = paramAxis('learningRate', { kind: 'logUniform', min: 1e-4, max: 1e-1 }, [0.01, 0.001]);
  assert.equal(axis.scale, 'log');
  assert.equal(position(axis, 1e-4), 0);
  assert.ok(Math.abs(position(axis, 1e-3)! - 1 / 3) < 1e-12);
  assert.ok(Math.abs(position(axis, 1e-2)! - 2 / 3) < 1e-12);
  assert.equal(position(axis, 0), undefined);
  assert.ok(Math.abs(valueAt(axis, 0.5) - Math.sqrt(1e-5)) < 1e-12);
  assert.deepEqual(axis.ticks.map((t) => t.label), ['1e-4', '1e-3', '0.01', '0.1']);
  // Less than a decade: the ends are ticks too.
  assert.deepEqual(logTicks(0.002, 0.008), [0.002, 0.008]);
  assert.deepEqual(logTicks(0.05, 0.2), [0.05, 0.1, 0.2]);
});

test('linear axes widen to observed values; ticks are round numbers', () => {
  const axis = paramAxis('dropout', { kind: 'uniform', min: 0, max: 0.5 }, [0.6]);
  assert.equal(axis.scale, 'linear');
  assert.equal(axis.max, 0.6);
  assert.equal(position(axis, 0.3), 0.5);
  assert.deepEqual(linearTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(linearTicks(0.23, 0.41, 5), [0.25, 0.3, 0.35, 0.4]);
});

test('categorical axes: the declared choices in order, evenly spaced, then any other observed value', () => {
  const axis = paramAxis('units', { kind: 'choice', values: [16, 'wide', 64] }, [64, 'narrow']);
  assert.equal(axis.scale, 'categorical');
  assert.deepEqual(axis.categories, ['16', 'wide', '64', 'narrow']);
  assert.deepEqual(['16', 'wide', 64, 'narrow'].map((v) => position(axis, v)), [0, 1 / 3, 2 / 3, 1]);
  assert.equal(position(axis, 'missing'), undefined);
  assert.equal(position(categoricalAxis('one', ['only']), 'only'), 0.5);
  // A param not in the space with string values is categorical too.
  assert.equal(paramAxis('activation', undefined, ['relu', 'tanh']).scale, 'categorical');
  // All-number choices read bottom-up by value.
  assert.deepEqual(paramAxis('units', { kind: 'choice', values: [16, 4, 32] }, []).categories, ['4', '16', '32']);
});

test('parallel coordinates: completed trials only, one position per axis, coloured best = 1, best drawn last', () => {
  const record = sweep({ members: [...sweep().members, { runId: 'r3', index: 3, status: 'completed', metrics: { val_loss: 0.7 }, params: { learningRate: 0.0002, units: 16, dropout: 0.4 } }] });
  const rows = sweepRows(record, []);
  const pc = parallelCoordinates(record.space, rows, 'val_loss', 'minimize');
  assert.deepEqual(pc.axes.map((a) => [a.key, a.scale]), [['learningRate', 'log'], ['units', 'categorical'], ['dropout', 'linear'], ['val_loss', 'linear']]);
  assert.deepEqual(pc.lines.map((l) => l.index), [3, 0, 1], 'worst first, best (trial 1) last; the diverged trial is left out');
  const best = pc.lines[2];
  assert.equal(best.best, true);
  assert.equal(best.quality, 1);
  assert.equal(pc.lines[0].quality, 0);
  assert.equal(best.ys.length, 4);
  assert.equal(best.ys[1], 0.5, "'wide' is the middle of three choices");
  assert.equal(best.ys[3], 0, 'the lowest val_loss sits at the bottom of its axis');
  assert.deepEqual(best.values, ['learningRate = 0.001', 'units = wide', 'dropout = 0.3', 'val_loss = 0.25']);
  // Maximizing flips the colour scale.
  const byAcc = parallelCoordinates(record.space, rows, 'val_acc', 'maximize');
  assert.deepEqual(byAcc.lines.map((l) => [l.index, l.quality]), [[0, 0], [1, 1]]);
});

// ---------------------------------------------------------------- cross-validation

function cv(over: Partial<CrossValidationRecord> = {}): CrossValidationRecord {
  return {
    schemaVersion: 1,
    kind: 'cross-validation',
    id: 'cv-1',
    experiment: 'breast-cancer',
    file: '/w/bc.model.ts',
    createdAt: '2026-11-23T01:00:00.000Z',
    status: 'running',
    pid: 1,
    seed: 42,
    folds: 4,
    stratified: true,
    members: [
      { runId: 'f0', index: 0, status: 'completed', metrics: { loss: 0.1, acc: 0.97, val_loss: 0.12, val_acc: 0.96 } },
      { runId: 'f1', index: 1, status: 'completed', metrics: { loss: 0.1, acc: 0.97, val_loss: 0.2, val_acc: 0.92 } },
      { runId: 'f2', index: 2, status: 'failed', metrics: {} },
    ],
    ...over,
  };
}

test('fold rows: one per fold, running ones from their run, validation metrics with val_loss first', () => {
  const rows = foldRows(cv(), [live('f3', { metrics: { val_acc: 0.5, val_loss: 0.9 } })]);
  assert.deepEqual(rows.map((r) => [r.fold, r.runId, r.status]), [[0, 'f0', 'completed'], [1, 'f1', 'completed'], [2, 'f2', 'failed'], [3, 'f3', 'running']]);
  const names = foldMetricNames(rows);
  assert.deepEqual(names, ['val_loss', 'val_acc']);
  assert.equal(mainFoldMetric(names), 'val_acc');
  assert.deepEqual(foldMetricNames([{ fold: 0, status: 'completed', metrics: { mse: 1, loss: 2 } }]), ['loss', 'mse']);
  assert.equal(mainFoldMetric(['val_loss', 'val_mae']), 'val_loss');
});

test('mean ± sample std over completed folds only, formatted per metric', () => {
  const rows = foldRows(cv(), [live('f3', { metrics: { val_acc: 0.5, val_loss: 0.9 } })]);
  const acc = meanStd(rows, 'val_acc');
  assert.equal(acc.n, 2);
  assert.ok(Math.abs(acc.mean! - 0.94) < 1e-12);
  assert.ok(Math.abs(acc.std! - Math.sqrt(0.0008)) < 1e-12, 'n − 1 in the denominator');
  assert.equal(formatMeanStd('val_acc', acc), '94.0% ± 2.8%');
  assert.equal(formatMeanStd('val_loss', meanStd(rows, 'val_loss')), '0.16 ± 0.057');
  assert.equal(formatMeanStd('val_loss', { mean: 0.2, n: 1 }), '0.2');
  assert.equal(formatMeanStd('val_loss', meanStd(rows, 'nothing')), '–');
});
