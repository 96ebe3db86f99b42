// The dashboard's pure model: folding recorded runs (webview/dev/fixtures, made from real runs) into
// chart series, smoothing, downsampling, histogram quantiles and config diffs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingEvent, BatchEvent, ProbeEvent } from '../src/protocol/events';
import type { RunRecord } from '../src/protocol/runRecord';
import { RunModel } from '../webview/src/model/runModel';
import { activationBands, epochCharts, layerStatLines, parameterBands, stepLearningRate, stepLoss, unitHealthLines } from '../webview/src/model/chartData';
import { emaSmooth, lttbIndices, sharedIndices, summarize } from '../webview/src/model/series';
import { histogramQuantiles } from '../webview/src/model/histogram';
import { diffConfigs, flattenConfig } from '../webview/src/model/config';
import { isHigherBetter, metricPairs } from '../webview/src/model/metrics';
import { formatMetric, formatNumber } from '../webview/src/model/format';

interface Fixture {
  record: RunRecord;
  events: TrainingEvent[];
}
const fixture = (name: string): Fixture => JSON.parse(readFileSync(join(__dirname, '../webview/dev/fixtures', `${name}.json`), 'utf8'));

test('folds a recorded run into per-epoch, per-step and per-variable series', () => {
  const { record, events } = fixture('digits-mlp');
  const model = new RunModel(record, events);
  const started = model.started!;
  const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
  assert.equal(model.epochs.length, 3);
  assert.equal(model.stepX.length, started.stepsPerEpoch * 3);
  assert.equal(model.stepX.length, batches.length);
  assert.equal(model.stepLoss[10], batches[10].metrics.loss);
  assert.equal(model.gradNorm.length, started.variables.length);
  for (const series of model.gradNorm) assert.equal(series.length, model.statsX.length);
  assert.equal(model.gradNorm[2][7], batches[7].stats!.gradNorm[2]);
  assert.equal(model.record.status, 'completed');
  assert.equal(model.current?.globalStep, batches[batches.length - 1].globalStep);
  // One representative variable (the kernel) per layer.
  assert.deepEqual(
    model.layerVariables().map((v) => v.name),
    ['dense_Dense1/kernel', 'dense_Dense2/kernel'],
  );
});

test('applying the same events twice does not duplicate points', () => {
  const { record, events } = fixture('digits-mlp');
  const model = new RunModel(record, events);
  const steps = model.stepX.length;
  const probes = model.probedLayers()[0].steps.length;
  model.applyAll(events);
  assert.equal(model.stepX.length, steps);
  assert.equal(model.epochs.length, 3);
  assert.equal(model.probedLayers()[0].steps.length, probes);
});

test('live batches arriving after a partial snapshot give the same series as the whole run', () => {
  const { record, events } = fixture('digits-mlp');
  const whole = new RunModel(record, events);
  const live = new RunModel({ ...record, status: 'running' }, events.slice(0, 40));
  assert.equal(live.record.status, 'running');
  const changes = live.takeChanges();
  assert.ok(changes.has('steps'));
  assert.equal(live.takeChanges().size, 0);
  for (let i = 40; i < events.length; i += 17) live.applyAll(events.slice(i, i + 17));
  assert.deepEqual(live.stepLoss, whole.stepLoss);
  assert.deepEqual(live.epochs, whole.epochs);
  assert.equal(live.record.status, 'completed');
  assert.ok(live.takeChanges().has('epochs'));
});

test('epoch charts pair train and validation and find the best epoch', () => {
  const { record, events } = fixture('digits-mlp');
  const charts = epochCharts(new RunModel(record, events).epochs);
  assert.deepEqual(
    charts.map((c) => c.pair),
    [
      { name: 'loss', train: 'loss', val: 'val_loss' },
      { name: 'accuracy', train: 'accuracy', val: 'val_accuracy' },
    ],
  );
  const [loss, accuracy] = charts;
  assert.equal(loss.summary.metric, 'val_loss');
  assert.equal(loss.summary.best, record.bestMetrics!.val_loss);
  assert.equal(loss.summary.bestEpoch, record.bestEpoch! + 1);
  assert.deepEqual(loss.val!.points.map((p) => p.x), [1, 2, 3]);
  // Accuracy is better when higher.
  assert.equal(accuracy.summary.best, accuracy.summary.max);
  assert.equal(accuracy.summary.last, record.metrics!.val_accuracy);
});

test('EMA smoothing is debiased and skips missing values', () => {
  assert.deepEqual(emaSmooth([1, 2, 3], 0), [1, 2, 3]);
  const s = emaSmooth([1, 2, 3], 0.5) as number[];
  assert.equal(s[0], 1);
  assert.ok(Math.abs(s[1] - 5 / 3) < 1e-12);
  assert.ok(Math.abs(s[2] - 2.125 / 0.875) < 1e-12);
  // A constant series stays constant from the first point (no pull towards 0).
  for (const v of emaSmooth([4, 4, 4, 4], 0.9)) assert.ok(Math.abs((v as number) - 4) < 1e-12);
  assert.deepEqual(emaSmooth([1, null, 1], 0.6), [1, null, 1]);
});

test('LTTB keeps at most maxPoints, the end points and a lone spike', () => {
  const n = 50_000;
  const xs = Array.from({ length: n }, (_, i) => i);
  const ys = xs.map((x) => (x === 31_337 ? 100 : Math.sin(x / 500)));
  const idx = lttbIndices(xs, ys, 2000);
  assert.equal(idx.length, 2000);
  assert.equal(idx[0], 0);
  assert.equal(idx[idx.length - 1], n - 1);
  assert.ok(idx.includes(31_337));
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1]);
  // Short series are drawn whole.
  assert.deepEqual(lttbIndices([0, 1, 2], [1, null, 3], 2000), [0, 2]);
});

test('a long run is drawn with a bounded number of points per series', () => {
  const { record, events } = fixture('digits-mlp');
  const template = events.find((e): e is BatchEvent => e.type === 'batch')!;
  const model = new RunModel(record, events.filter((e) => e.type === 'run-started'));
  const steps = 60_000;
  for (let g = 0; g < steps; g++) {
    const loss = g === 45_000 ? 50 : 2 * Math.exp(-g / 10_000) + 0.1 * Math.sin(g);
    model.apply({ ...template, globalStep: g, step: g % 45, epoch: Math.floor(g / 45), metrics: { loss } });
  }
  const data = stepLoss(model, 0.9, false);
  assert.equal(data.total, steps);
  assert.ok(data.raw.length <= 2000 && data.raw.length > 1000, `drew ${data.raw.length}`);
  assert.equal(data.smoothed.length, data.raw.length);
  assert.equal(data.summary.max, 50);
  assert.ok(data.raw.some((p) => p.y === 50), 'the spike survives downsampling');
  const grad = layerStatLines(model, 'gradNorm');
  assert.equal(grad.lines.length, 2);
  for (const line of grad.lines) assert.ok(line.points.length <= 2000);
  assert.ok(stepLearningRate(model).points.length <= 2000);
});

test('shared indices keep every series aligned on the same steps', () => {
  const xs = Array.from({ length: 10_000 }, (_, i) => i);
  const a = xs.map((x) => (x === 100 ? 9 : 0));
  const b = xs.map((x) => (x === 9_000 ? -9 : 0));
  const idx = sharedIndices(xs, [a, b], 500);
  assert.ok(idx.includes(100) && idx.includes(9_000));
  assert.ok(idx.length <= 500);
});

test('histogram quantiles interpolate inside bins and handle a collapsed histogram', () => {
  assert.deepEqual(histogramQuantiles({ edges: [0, 1, 2, 3, 4], counts: [1, 1, 1, 1] }, [0.25, 0.5, 1]), [1, 2, 4]);
  assert.deepEqual(histogramQuantiles({ edges: [0, 0], counts: [4096] }, [0.05, 0.95]), [0, 0]);
  assert.ok(Number.isNaN(histogramQuantiles({ edges: [0, 1], counts: [0] }, [0.5])[0]));
});

test('a dead ReLU layer shows as dead units, flat gradients and a finding with its source line', () => {
  const { record, events } = fixture('dead-relu');
  const model = new RunModel(record, events);
  const health = unitHealthLines(model);
  const dead = health.find((l) => l.label === 'dense_Dense1 dead')!;
  assert.ok(dead.points.length > 0);
  assert.ok(dead.points.every((p) => p.y === 1));
  assert.ok(health.some((l) => l.label === 'dense_Dense2 saturated'));
  // Steps where no gradient reached the dead layer's kernel are 0: gaps on the log-scale chart.
  const grad = layerStatLines(model, 'gradNorm');
  const zeroSteps = model.gradNorm[0].filter((g) => g === 0).length;
  assert.ok(zeroSteps > 0);
  assert.equal(grad.lines[0].points.filter((p) => p.y === null).length, zeroSteps);
  assert.deepEqual(grad.flat, []);
  // A layer that never gets a gradient is named instead of drawn.
  const frozen = new RunModel(record, events.filter((e) => e.type === 'run-started'));
  const batch = events.find((e): e is BatchEvent => e.type === 'batch')!;
  for (let g = 0; g < 5; g++) frozen.apply({ ...batch, globalStep: g, stats: { ...batch.stats!, gradNorm: [0, 0, 0.5, 0.1] } });
  assert.deepEqual(layerStatLines(frozen, 'gradNorm').flat, ['dense_Dense1']);
  const bands = activationBands(model);
  assert.equal(bands[0].layer, 'dense_Dense1');
  assert.ok(bands[0].fromHistogram);
  assert.ok(bands[0].lines[2].points.every((p) => p.y === 0), 'a dead layer outputs only zeros');
  assert.equal(model.findings.length, 1, 'the streamed finding and the one repeated in run-finished are one');
  assert.equal(model.findings[0].code, 'dead-relu');
  assert.equal(model.findings[0].location?.line, 12);
  // The run's final list replaces the streamed one: a finding resolved by the end shows as resolved.
  const finished = events.find((e): e is Extract<TrainingEvent, { type: 'run-finished' }> => e.type === 'run-finished')!;
  const settled = new RunModel(record, events.filter((e) => e.type !== 'run-finished'));
  settled.apply({ ...finished, diagnostics: finished.diagnostics.map((f) => ({ ...f, resolved: { epoch: 4 } })) });
  assert.equal(settled.findings.length, 1);
  assert.deepEqual(settled.findings[0].resolved, { epoch: 4 });
});

test('weight and gradient distributions: one band chart per layer kernel, at the probes that recorded them', () => {
  const { record, events } = fixture('digits-mlp');
  const model = new RunModel(record, events);
  // The recorded run: every epoch's first probe carries them.
  const recorded = parameterBands(model, 'weights');
  assert.deepEqual(recorded.map((b) => b.variable), ['dense_Dense1/kernel', 'dense_Dense2/kernel'], 'kernels only, in layer order');
  assert.equal(recorded[0].lines[2].points.length, model.epochs.length);
  assert.ok(recorded[0].lines.every((l, q) => q === 0 || l.points.every((p, i) => p.y! >= recorded[0].lines[q - 1].points[i].y!)), 'quantiles ordered');
  assert.equal(parameterBands(model, 'gradients').length, 2);
  const probe = events.find((e): e is ProbeEvent => e.type === 'probe')!;
  // Uniform over [-s, s] in 4 bins: quantile q is −s + 2s·q.
  const uniform = (s: number) => ({ edges: [-s, -s / 2, 0, s / 2, s], counts: [10, 10, 10, 10] });
  const variables = model.started!.variables.map((v) => v.name);
  const at = (globalStep: number, s: number): ProbeEvent => ({
    ...probe,
    globalStep,
    weightHistograms: Object.fromEntries(variables.map((v) => [v, uniform(s)])),
    gradientHistograms: { [variables[0]]: uniform(s / 100) },
  });
  const fresh = new RunModel(record, events.filter((e) => e.type !== 'probe'));
  assert.deepEqual(parameterBands(fresh, 'weights'), []);
  fresh.apply(at(1000, 1));
  fresh.apply(at(1010, 2));
  fresh.apply(at(1010, 3)); // a repeated probe adds nothing
  const weights = parameterBands(fresh, 'weights');
  assert.deepEqual(weights.map((b) => b.variable), ['dense_Dense1/kernel', 'dense_Dense2/kernel']);
  assert.equal(weights[0].layer, 'dense_Dense1');
  assert.deepEqual(weights[0].lines.map((l) => l.label), ['p5', 'p25', 'median', 'p75', 'p95']);
  assert.deepEqual(weights[0].lines[1].points, [{ x: 1000, y: -0.5 }, { x: 1010, y: -1 }]);
  assert.deepEqual(weights[0].lines[2].points.map((p) => p.y), [0, 0]);
  assert.ok(Math.abs(weights[1].lines[4].points[1].y! - 1.8) < 1e-12);
  const gradients = parameterBands(fresh, 'gradients');
  assert.deepEqual(gradients.map((b) => b.variable), ['dense_Dense1/kernel'], 'a layer without a gradient histogram has no chart');
  assert.ok(Math.abs(gradients[0].lines[3].points[0].y! - 0.005) < 1e-12);
});

test('a diverged run keeps its steps, with non-finite statistics as gaps, and no epochs', () => {
  const { record, events } = fixture('diverged');
  const model = new RunModel(record, events);
  assert.equal(model.record.status, 'diverged');
  assert.equal(model.epochs.length, 0);
  assert.deepEqual(epochCharts(model.epochs), []);
  assert.ok(model.stepX.length >= 2);
  assert.ok(model.gradNorm[0].includes(null), 'NaN gradient norms are recorded as null');
  assert.deepEqual(
    model.findings.map((f) => f.code).sort(),
    ['diverged', 'learning-rate-range'],
  );
  const log = stepLoss(model, 0, true);
  assert.ok(log.raw.every((p) => p.y === null || p.y > 0));
});

test('config flattening and differences between two runs', () => {
  const a = fixture('digits-mlp').record.config;
  const b = fixture('digits-mlp-b64').record.config;
  const flat = flattenConfig(a);
  assert.equal(flat.get('optimizer.learningRate'), 0.001);
  assert.deepEqual(flat.get('metrics'), ['accuracy']);
  assert.deepEqual(flat.get('data.resolved.featureShape'), [64]);
  const diff = diffConfigs([a, b]).map((d) => d.path);
  assert.ok(diff.includes('batchSize'));
  assert.ok(diff.includes('seed'));
  assert.ok(!diff.includes('optimizer.learningRate'));
  assert.deepEqual(diffConfigs([a, a]), []);
  assert.deepEqual(diffConfigs([{ x: 1 }, { x: 1, y: { z: 2 } }]), [{ path: 'y.z', values: [undefined, 2] }]);
});

test('metric pairs, directions, summaries and formatting', () => {
  assert.deepEqual(metricPairs([{ accuracy: 1, val_accuracy: 1, loss: 1 }, { val_loss: 1 }]), [
    { name: 'loss', train: 'loss', val: 'val_loss' },
    { name: 'accuracy', train: 'accuracy', val: 'val_accuracy' },
  ]);
  assert.equal(isHigherBetter('val_accuracy'), true);
  assert.equal(isHigherBetter('val_loss'), false);
  assert.equal(isHigherBetter('mse'), false);
  assert.deepEqual(summarize([3, null, 1, 2], false), { min: 1, max: 3, last: 2, best: 1, bestIndex: 2 });
  assert.equal(formatMetric('val_accuracy', 0.9251), '92.5%');
  assert.equal(formatNumber(0.000012345), '1.23e-5');
  assert.equal(formatNumber(0.27873), '0.2787');
  assert.equal(formatNumber(null), '–');
});
