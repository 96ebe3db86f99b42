// Sweeps: grid enumeration and seeded random draws, the best trial, config checks, and `modellab sweep`
// end to end (JSON lines, the group record, each trial's run.json, params reaching the model).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from '../src/cli/args';
import { paramFlags } from '../src/cli/trainCommand';
import type { Metrics, RunStatus } from '../src/protocol/events';
import { LoadError } from '../src/engine/loader/errors';
import { readGroup, type SweepRecord } from '../src/engine/runs/groups';
import { RunStore } from '../src/engine/runs/store';
import { defaultGoal, defaultMetric, pickBest, rankTrials } from '../src/engine/sweep/best';
import { checkSweepConfig, MAX_GRID_WITHOUT_TRIALS } from '../src/engine/sweep/config';
import { planExperimentSweep } from '../src/engine/sweep/plan';
import { enumerateGrid, gridSize, gridValues, sampleRandom } from '../src/engine/sweep/space';
import { choice, datasets, experiment, intUniform, logUniform, uniform, type ExperimentConfig, type ParamSpec } from '../src/sdk/index';
import { fixtures, tempDir } from './helpers';

// ---------------------------------------------------------------- grid

test('grid values: evenly spaced ranges with both ends, geometric for logUniform, rounded and deduplicated ints', () => {
  assert.deepEqual(gridValues(uniform(0, 1), 3), [0, 0.5, 1]);
  assert.deepEqual(gridValues(uniform(0, 0.3), 4), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(gridValues(logUniform(1e-4, 1e-1), 4), [1e-4, 1e-3, 1e-2, 1e-1]);
  assert.deepEqual(gridValues(logUniform(1, 100), 3), [1, 10, 100]);
  assert.deepEqual(gridValues(intUniform(0, 10), 3), [0, 5, 10]);
  assert.deepEqual(gridValues(intUniform(1, 3), 4), [1, 2, 3], '1, 1.67, 2.33, 3 round to 1, 2, 2, 3');
  assert.deepEqual(gridValues(intUniform(1, 2), 3), [1, 2]);
  assert.deepEqual(gridValues(choice(['relu', 'tanh']), 5), ['relu', 'tanh']);
});

test('grid: every combination once, the last param varying fastest, params in declared order', () => {
  const space = { units: choice([16, 32, 64]), learningRate: logUniform(1e-3, 1e-1), dropout: uniform(0, 0.5) };
  assert.equal(gridSize(space, 3), 27);
  assert.equal(gridSize(space, 2), 12);
  const all = enumerateGrid(space, 3);
  assert.equal(all.length, 27);
  assert.equal(new Set(all.map((p) => JSON.stringify(p))).size, 27);
  assert.deepEqual(all[0], { units: 16, learningRate: 1e-3, dropout: 0 });
  assert.deepEqual(all[1], { units: 16, learningRate: 1e-3, dropout: 0.25 });
  assert.deepEqual(all[26], { units: 64, learningRate: 1e-1, dropout: 0.5 });
  assert.deepEqual(Object.keys(all[5]), ['units', 'learningRate', 'dropout']);
});

test('grid with trials: an evenly spread subset of the combinations, or all of them when trials ≥ size', () => {
  const space = { a: choice([1, 2, 3]), b: choice(['x', 'y', 'z']) };
  const four = enumerateGrid(space, 3, 4);
  // Combinations floor((i + 0.5) * 9 / 4) = 1, 3, 5, 7 of the 3×3 grid.
  assert.deepEqual(four, [{ a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'z' }, { a: 3, b: 'y' }]);
  assert.equal(enumerateGrid(space, 3, 9).length, 9);
  assert.equal(enumerateGrid(space, 3, 50).length, 9);
  assert.deepEqual(enumerateGrid(space, 3, 1), [{ a: 2, b: 'y' }], 'one trial takes the middle of the grid');
});

// ---------------------------------------------------------------- random

const space: Record<string, ParamSpec> = { learningRate: logUniform(1e-4, 1e-1), units: choice([32, 64, 128]), dropout: uniform(0, 0.5), layers: intUniform(1, 4) };

test('random draws: the same seed plans the same trials, another seed others', () => {
  const a = sampleRandom(space, 20, 42);
  assert.equal(a.length, 20);
  assert.deepEqual(sampleRandom(space, 20, 42), a);
  assert.notDeepEqual(sampleRandom(space, 20, 43), a);
  assert.deepEqual(sampleRandom(space, 5, 42), a.slice(0, 5), 'more trials extend the same sequence');
  const { units: _units, ...withoutUnits } = space;
  assert.deepEqual(
    sampleRandom(withoutUnits, 20, 42).map((p) => p.learningRate),
    a.map((p) => p.learningRate),
    "removing one param leaves the others' draws alone",
  );
});

test('random draws stay within bounds and reach every choice and every whole number', () => {
  const draws = sampleRandom(space, 2000, 7);
  for (const p of draws) {
    assert.ok((p.learningRate as number) >= 1e-4 && (p.learningRate as number) <= 1e-1, String(p.learningRate));
    assert.ok((p.dropout as number) >= 0 && (p.dropout as number) <= 0.5, String(p.dropout));
    assert.ok(Number.isInteger(p.layers) && (p.layers as number) >= 1 && (p.layers as number) <= 4, String(p.layers));
    assert.ok([32, 64, 128].includes(p.units as number));
  }
  assert.deepEqual([...new Set(draws.map((p) => p.layers))].sort(), [1, 2, 3, 4]);
  assert.deepEqual([...new Set(draws.map((p) => p.units))].sort((x, y) => (x as number) - (y as number)), [32, 64, 128]);
  for (const units of [32, 64, 128]) {
    const share = draws.filter((p) => p.units === units).length / draws.length;
    assert.ok(Math.abs(share - 1 / 3) < 0.05, `choice ${units}: ${share}`);
  }
  const meanDropout = draws.reduce((s, p) => s + (p.dropout as number), 0) / draws.length;
  assert.ok(Math.abs(meanDropout - 0.25) < 0.02, `uniform mean ${meanDropout}`);
});

test('logUniform draws are even per decade, not per unit (most of a uniform draw would land in the top decade)', () => {
  const draws = sampleRandom({ lr: logUniform(1e-4, 1e-1) }, 3000, 1).map((p) => p.lr as number);
  const decades = [0, 0, 0];
  for (const v of draws) decades[Math.min(2, Math.floor(Math.log10(v) + 4))]++;
  for (const count of decades) assert.ok(Math.abs(count / draws.length - 1 / 3) < 0.04, `decade shares ${decades.map((c) => c / draws.length)}`);
  const sorted = [...draws].sort((x, y) => x - y);
  const median = sorted[sorted.length / 2];
  assert.ok(median > 10 ** -2.7 && median < 10 ** -2.3, `median ${median} near the geometric middle 3.2e-3`);
});

// ---------------------------------------------------------------- best

test('metric and goal defaults', () => {
  assert.equal(defaultMetric(true), 'val_loss');
  assert.equal(defaultMetric(false), 'loss');
  for (const m of ['val_accuracy', 'accuracy', 'acc', 'val_auc', 'f1', 'precision', 'val_recall']) assert.equal(defaultGoal(m), 'maximize', m);
  for (const m of ['val_loss', 'loss', 'mse', 'val_mae']) assert.equal(defaultGoal(m), 'minimize', m);
});

test('best trial: lowest or highest among completed trials with the metric; failed, diverged and missing ones never win', () => {
  const trials: { status: RunStatus; metrics: Metrics }[] = [
    { status: 'completed', metrics: { val_loss: 0.5, val_accuracy: 0.8 } },
    { status: 'failed', metrics: { val_loss: 0.01, val_accuracy: 0.99 } },
    { status: 'completed', metrics: { val_loss: 0.3, val_accuracy: 0.7 } },
    { status: 'diverged', metrics: { val_loss: 0.001 } },
    { status: 'completed', metrics: { loss: 0.0001 } },
    { status: 'completed', metrics: { val_loss: Number.NaN } },
    { status: 'completed', metrics: { val_loss: 0.3, val_accuracy: 0.9 } },
  ];
  assert.equal(pickBest(trials, 'val_loss', 'minimize'), 2, 'the earlier trial wins a tie');
  assert.equal(pickBest(trials, 'val_accuracy', 'maximize'), 6);
  assert.equal(pickBest(trials, 'val_auc', 'maximize'), undefined);
  assert.equal(pickBest([], 'val_loss', 'minimize'), undefined);
  assert.deepEqual(rankTrials(trials, 'val_accuracy', 'maximize').map((t) => trials.indexOf(t)), [1, 6, 0, 2, 3, 4, 5]);
});

// ---------------------------------------------------------------- config checks

const model = () => {
  throw new Error('not built in these tests');
};

function swept(sweep: unknown, extra: Partial<ExperimentConfig> = {}) {
  return experiment({ name: 'checked', data: datasets.iris({ validationSplit: 0.2 }), model, loss: 'categoricalCrossentropy', metrics: ['accuracy'], sweep: sweep as ExperimentConfig['sweep'], ...extra });
}

function configError(sweep: unknown, extra: Partial<ExperimentConfig> = {}): LoadError {
  const exp = swept(sweep, extra);
  try {
    checkSweepConfig(exp);
  } catch (err) {
    assert.ok(err instanceof LoadError, String(err));
    assert.equal(err.code, 'bad-config');
    assert.deepEqual(err.location, exp.location);
    assert.match(err.location?.file ?? '', /sweep\.test\.ts$/);
    return err;
  }
  assert.fail(`no error for ${JSON.stringify(sweep)}`);
}

test('sweep config mistakes are LoadErrors at the experiment, saying what is wrong', () => {
  assert.match(configError(undefined).message, /'checked' declares no sweep/);
  assert.match(configError({ method: 'bayes', params: { lr: logUniform(1e-3, 1) } }).message, /'method' must be 'grid' or 'random', got "bayes"/);
  assert.match(configError({ method: 'random', trials: 0, params: { lr: logUniform(1e-3, 1) } }).message, /'trials' must be a whole number ≥ 1, got 0/);
  assert.match(configError({ method: 'random', trials: 2.5, params: { lr: logUniform(1e-3, 1) } }).message, /'trials' must be a whole number/);
  assert.match(configError({ method: 'random', params: {} }).message, /'params' is empty/);
  assert.match(configError({ method: 'random' }).message, /'params' must be an object/);
  assert.match(configError({ method: 'random', params: { lr: 0.01 } }).message, /param 'lr' must be logUniform\(min, max\), uniform/);
  assert.match(configError({ method: 'random', params: { lr: { kind: 'uniform', min: 1, max: 0 } } }).message, /param 'lr' uniform\(min, max\) needs finite numbers with min < max/);
  assert.match(configError({ method: 'random', params: { c: { kind: 'choice', values: [] } } }).message, /needs at least one value/);
  assert.match(configError({ method: 'random', trails: 5, params: { lr: logUniform(1e-3, 1) } }).message, /unknown option 'trails'/);
  assert.match(configError({ method: 'random', gridPoints: 4, params: { lr: logUniform(1e-3, 1) } }).message, /'gridPoints' applies to method 'grid' only/);
  assert.match(configError({ method: 'grid', gridPoints: 1, params: { lr: logUniform(1e-3, 1) } }).message, /'gridPoints' must be a whole number ≥ 2/);
  assert.match(configError({ method: 'grid', params: { lr: logUniform(1e-3, 1) }, goal: 'best' }).message, /'goal' must be 'minimize' or 'maximize'/);
  assert.match(configError({ method: 'grid', params: { lr: logUniform(1e-3, 1) }, parallel: 0 }).message, /'parallel' must be a whole number ≥ 1 or 'auto'/);
  assert.match(configError({ method: 'grid', params: { lr: logUniform(1e-3, 1) }, metric: '' }).message, /'metric' must be a metric name/);
});

test('a grid too large to train needs trials (from the config or the command line)', () => {
  const params = { a: choice([1, 2, 3, 4]), b: choice([1, 2, 3, 4]), c: choice([1, 2, 3, 4]), d: choice([1, 2, 3, 4, 5]) };
  assert.ok(gridSize(params, 3) > MAX_GRID_WITHOUT_TRIALS);
  assert.match(configError({ method: 'grid', params }).message, /the grid has 320 combinations, more than 256: set 'trials'/);
  assert.equal(checkSweepConfig(swept({ method: 'grid', params, trials: 20 })).trials, 20);
  assert.equal(checkSweepConfig(swept({ method: 'grid', params }), 12).trials, 12);
  assert.equal(checkSweepConfig(swept({ method: 'random', params })).trials, 10, 'random sweeps default to 10 trials');
});

test('planning: metric defaults follow the data, unknown metrics are named with what the runs record', async () => {
  const plan = await planExperimentSweep('x.model.ts', swept({ method: 'grid', params: { lr: logUniform(1e-3, 1e-1), units: choice([4, 8]) }, gridPoints: 2, parallel: 3 }, { seed: 5 }));
  assert.equal(plan.metric, 'val_loss');
  assert.equal(plan.goal, 'minimize');
  assert.equal(plan.trials.length, 4);
  assert.equal(plan.parallel, 3);
  assert.equal(plan.seed, 5);
  const acc = await planExperimentSweep('x.model.ts', swept({ method: 'random', trials: 2, metric: 'val_accuracy', params: { lr: logUniform(1e-3, 1e-1) } }), { parallel: 8, seed: 9 });
  assert.equal(acc.goal, 'maximize');
  assert.equal(acc.parallel, 2, 'never more at once than trials');
  assert.equal(acc.seed, 9);
  assert.deepEqual(acc.trials, sampleRandom({ lr: logUniform(1e-3, 1e-1) }, 2, 9));
  const noValidation = swept({ method: 'random', trials: 2, params: { lr: logUniform(1e-3, 1e-1) } }, { data: datasets.iris() });
  assert.equal((await planExperimentSweep('x.model.ts', noValidation)).metric, 'loss');
  await assert.rejects(planExperimentSweep('x.model.ts', swept({ method: 'random', metric: 'val_acc', params: { lr: logUniform(1e-3, 1e-1) } })), /metric 'val_acc' is not recorded by its runs\. They record: loss, accuracy, val_loss, val_accuracy/);
  const valWithout = swept({ method: 'random', metric: 'val_accuracy', params: { lr: logUniform(1e-3, 1e-1) } }, { data: datasets.iris() });
  await assert.rejects(planExperimentSweep('x.model.ts', valWithout), /the data has no validation split/);
});

// ---------------------------------------------------------------- --param

test('--param NAME=VALUE: numbers, booleans, strings; repeatable; malformed or repeated names are usage errors', () => {
  const params = paramFlags(parseArgs(['f.ts', '--param', 'units=64', '--param=learningRate=3e-3', '--param', 'bn=true', '--param', 'act=relu', '--param', 'x=false', '--param', 'empty='], []));
  assert.deepEqual(params, { units: 64, learningRate: 0.003, bn: true, act: 'relu', x: false, empty: '' });
  assert.equal(paramFlags(parseArgs(['f.ts'], [])), undefined);
  assert.throws(() => paramFlags(parseArgs(['--param', 'units'], [])), /--param takes NAME=VALUE/);
  assert.throws(() => paramFlags(parseArgs(['--param', 'units=1', '--param', 'units=2'], [])), /--param units is given twice/);
});

// ---------------------------------------------------------------- end to end

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

function modellab(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

// A grid of 2 unit counts × 2 learning rates, capped at 3 trials: combinations 0, 2 and 3.
const GRID_MODEL = `
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets, choice, logUniform } from 'modellab';

export const gridIris = experiment({
  name: 'grid-iris',
  data: datasets.iris({ validationSplit: 0.2 }),
  model: (params) => tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [4], units: params.units as number, activation: 'relu' }),
    tf.layers.dense({ units: 3, activation: 'softmax' }),
  ] }),
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 5,
  batchSize: 16,
  seed: 11,
  sweep: { method: 'grid', gridPoints: 2, params: { units: choice([4, 16]), learningRate: logUniform(1e-3, 1e-1) } },
});

export const notSwept = experiment({
  name: 'not-swept',
  data: datasets.iris(),
  model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' })] }),
  loss: 'categoricalCrossentropy',
});

export const throwsForParams = experiment({
  name: 'throws-for-params',
  data: datasets.iris({ validationSplit: 0.2 }),
  model: (params) => { throw new Error('no model for units ' + params.units); },
  loss: 'categoricalCrossentropy',
  sweep: { method: 'random', trials: 3, params: { units: choice([1, 2]) } },
});
`;

test('modellab sweep --json: events, the group record, each trial run with its params and group, the true best', () => {
  const dir = tempDir('modellab-sweep-');
  const file = path.join(dir, 'grid.model.ts');
  fs.writeFileSync(file, GRID_MODEL);
  const runsDir = path.join(dir, 'runs');
  const r = modellab(['sweep', file, '--experiment', 'grid-iris', '--trials', '3', '--parallel', '2', '--epochs', '2', '--backend', 'cpu', '--runs-dir', runsDir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const events = r.lines.map((l) => JSON.parse(l));
  const started = events[0];
  assert.equal(started.type, 'sweep-started');
  assert.equal(started.method, 'grid');
  assert.equal(started.parallel, 2);
  assert.equal(started.metric, 'val_loss');
  assert.equal(started.goal, 'minimize');
  assert.deepEqual(started.trials, [{ units: 4, learningRate: 1e-3 }, { units: 16, learningRate: 1e-3 }, { units: 16, learningRate: 0.1 }]);
  const finished = events[events.length - 1];
  assert.equal(finished.type, 'sweep-finished');
  assert.equal(finished.status, 'completed');
  assert.equal(finished.sweepId, started.sweepId);
  assert.equal(events.filter((e) => e.type === 'trial-started').length, 3);
  assert.equal(events.filter((e) => e.type === 'trial-finished').length, 3);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 6, '2 epochs × 3 trials, relayed');
  assert.equal(events.filter((e) => e.type === 'run-finished').length, 3);
  assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), ['epoch', 'run-finished', 'run-started', 'sweep-finished', 'sweep-started', 'trial-finished', 'trial-started'], 'no batch, probe or log lines');
  for (const e of events.filter((e) => e.type === 'epoch')) assert.ok(e.sweepId === started.sweepId && typeof e.runId === 'string' && Number.isInteger(e.trial), 'relayed epochs say whose they are');

  const store = new RunStore(runsDir);
  for (const trial of finished.trials) {
    const params = started.trials[trial.trial];
    assert.deepEqual(trial.params, params);
    assert.equal(trial.status, 'completed');
    // The model function got the params: the hidden layer has `units` units, 4·u + u + 3·u + 3 weights.
    const runStarted = events.find((e) => e.type === 'run-started' && e.runId === trial.runId);
    assert.equal(runStarted.trial, trial.trial);
    assert.deepEqual(runStarted.model.layers[0].outputShape, [null, params.units]);
    assert.equal(runStarted.model.trainableParams, 8 * params.units + 3);
    assert.equal(runStarted.config.optimizer.learningRate, params.learningRate);
    const record = store.get(trial.runId);
    assert.deepEqual(record.params, params);
    assert.deepEqual(record.group, { kind: 'sweep', id: started.sweepId, index: trial.trial, size: 3 });
    assert.equal(trial.metrics.val_loss, record.bestMetrics?.val_loss);
  }
  const losses = finished.trials.map((t: { metrics: { val_loss: number } }) => t.metrics.val_loss);
  assert.equal(finished.best.metrics.val_loss, Math.min(...losses));
  assert.ok(new Set(losses).size > 1, 'the trials really differ');

  const group = readGroup(runsDir, started.sweepId) as SweepRecord;
  assert.equal(group.kind, 'sweep');
  assert.equal(group.status, 'completed');
  assert.equal(group.experiment, 'grid-iris');
  assert.equal(group.file, file);
  assert.deepEqual(group.plannedTrials, started.trials);
  assert.deepEqual(group.members.map((m) => [m.index, m.runId, m.status]), finished.trials.map((t: { trial: number; runId: string }) => [t.trial, t.runId, 'completed']));
  assert.equal(group.members[group.best!].runId, finished.best.runId);
  assert.ok(group.endedAt);

  const runs = modellab(['runs', '--runs-dir', runsDir]);
  assert.equal(runs.code, 0, runs.stderr);
  for (const n of [1, 2, 3]) assert.match(runs.stdout, new RegExp(`sweep ${n}/3`));
});

test('modellab sweep prints trial lines and a table ranked by the metric, the best starred', () => {
  const dir = tempDir('modellab-sweep-');
  const file = path.join(dir, 'grid.model.ts');
  fs.writeFileSync(file, GRID_MODEL);
  const runsDir = path.join(dir, 'runs');
  const r = modellab(['sweep', file, '--trials', '2', '--epochs', '1', '--backend', 'cpu', '--runs-dir', runsDir]);
  assert.equal(r.code, 0, r.stderr);
  // Combinations 1 and 3 of the 2×2 grid.
  assert.match(r.stderr, /trial 1\/2 +started +units=4 learningRate=0\.1 /);
  assert.match(r.stderr, /trial 2\/2 +completed +units=16 learningRate=0\.1 +val_loss \d/);
  const rows = r.stdout.split('\n').filter((l) => /^[* ] +[12] /.test(l));
  assert.equal(rows.length, 2, r.stdout);
  assert.ok(rows[0].startsWith('*'), 'the first row is the best');
  const valLoss = (row: string) => Number(row.trim().replace(/^\* +/, '').split(/ +/)[3]);
  assert.ok(valLoss(rows[0]) <= valLoss(rows[1]), r.stdout);
  const id = /sweep +(\S+)/.exec(r.stdout.split('\n').find((l) => l.startsWith('sweep '))!)![1];
  assert.equal(readGroup(runsDir, id)?.status, 'completed');
  assert.ok(r.stdout.includes(`record  ${path.join(runsDir, '.groups', `${id}.json`)}`), r.stdout);
});

test('modellab sweep: bad input exits 2 (no sweep declared, a model that cannot be built stops after the first trial)', () => {
  const dir = tempDir('modellab-sweep-');
  const file = path.join(dir, 'grid.model.ts');
  fs.writeFileSync(file, GRID_MODEL);
  const runsDir = path.join(dir, 'runs');
  const none = modellab(['sweep', file, '--experiment', 'not-swept', '--runs-dir', runsDir]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, new RegExp(`${file.replace(/[/.]/g, '\\$&')}:\\d+:\\d+: Experiment 'not-swept' declares no sweep`));
  assert.ok(!fs.existsSync(runsDir), 'nothing recorded');
  const usage = modellab(['sweep', file, '--trials', '0']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--trials takes a whole number ≥ 1/);

  const throws = modellab(['sweep', file, '--experiment', 'throws-for-params', '--backend', 'cpu', '--runs-dir', runsDir, '--json']);
  assert.equal(throws.code, 2, throws.stderr);
  const events = throws.lines.map((l) => JSON.parse(l));
  assert.equal(events.filter((e) => e.type === 'trial-started').length, 1, 'no trial after the first one failed to load');
  const error = events.find((e) => e.type === 'error');
  assert.match(error.message, /no model for units/);
  const finished = events[events.length - 1];
  assert.equal(finished.type, 'sweep-finished');
  assert.equal(finished.status, 'failed');
  const group = readGroup(runsDir, finished.sweepId);
  assert.equal(group?.status, 'failed');
  assert.match(group?.error ?? '', /trial 1: .*no model for units/);
});

test('modellab sweep: SIGTERM stops the running trials, starts no more, and still records the sweep as cancelled', async () => {
  const dir = tempDir('modellab-sweep-');
  const file = path.join(dir, 'grid.model.ts');
  fs.writeFileSync(file, GRID_MODEL);
  const runsDir = path.join(dir, 'runs');
  const child = spawn(process.execPath, [cli, 'sweep', file, '--epochs', '500', '--parallel', '2', '--backend', 'cpu', '--runs-dir', runsDir, '--json']);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (/"type":"epoch"/.test(stdout) && child.exitCode === null && !child.killed) child.kill('SIGTERM');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0);
  const events = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const finished = events[events.length - 1];
  assert.equal(finished.type, 'sweep-finished');
  assert.equal(finished.status, 'cancelled');
  assert.equal(events.filter((e) => e.type === 'trial-started').length, 2, 'the two running trials, no more');
  assert.deepEqual(finished.trials.map((t: { status: string }) => t.status), ['cancelled', 'cancelled']);
  const group = readGroup(runsDir, finished.sweepId);
  assert.equal(group?.status, 'cancelled');
  assert.deepEqual(group?.members.map((m) => m.status), ['cancelled', 'cancelled']);
  for (const t of finished.trials) assert.equal(new RunStore(runsDir).get(t.runId).status, 'cancelled');
});

test('modellab train --param gives the run its params; unknown ones are bad input', () => {
  const sweptFile = path.join(fixtures, 'swept.model.ts');
  const runsDir = tempDir();
  const r = modellab(['train', sweptFile, '--epochs', '1', '--backend', 'cpu', '--param', 'units=5', '--param', 'learningRate=0.02', '--runs-dir', runsDir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const events = r.lines.map((l) => JSON.parse(l));
  assert.deepEqual(events[0].model.layers[0].outputShape, [null, 5]);
  assert.equal(events[0].config.optimizer.learningRate, 0.02);
  assert.deepEqual(new RunStore(runsDir).get(events[0].runId).params, { units: 5, learningRate: 0.02 });
  const unknown = modellab(['train', sweptFile, '--epochs', '1', '--backend', 'cpu', '--param', 'unitz=5', '--runs-dir', runsDir]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown param 'unitz'/);
  const malformed = modellab(['train', sweptFile, '--param', 'units']);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /--param takes NAME=VALUE/);
});
