// When the diagnostics monitor evaluates the training rules: as the trace grows by 10% (not at every
// probe and epoch end, which costs O(steps²) over a run of short epochs), once more at the run's end so
// that the final report is complete, and at once on the first non-finite step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticsMonitor } from '../src/engine/diagnostics/monitor';
import type { Finding, Rule, StepRecord, TrainingTrace } from '../src/engine/diagnostics/types';

function trace(): TrainingTrace {
  return {
    config: { epochs: 200, batchSize: 32, stepsPerEpoch: 10, lossName: 'meanSquaredError', optimizerName: 'adam', learningRate: 1e-3, hasValidation: false },
    layers: [],
    variables: [],
    data: {} as TrainingTrace['data'],
    steps: [],
    probes: [],
    epochs: [],
  };
}

/** Simulated time: a step takes 1 ms, an evaluation of the rules `evaluationMs`. */
let clock = 0;

/** A training rule that counts its evaluations and finds something once the trace has `epochs` epochs. */
function countingRule(epochs: number, evaluationMs = 0): { rule: Rule<object>; calls: () => number } {
  let calls = 0;
  const rule: Rule<object> = {
    meta: { code: 'test-rule', defaultSeverity: 'warning', phase: 'training', title: 't', docs: 'd', fixes: [], defaultOptions: {} },
    check: (t): Finding[] => {
      calls++;
      clock += evaluationMs;
      return t.epochs.length >= epochs ? [{ code: 'test-rule', severity: 'warning', message: 'm', target: { kind: 'config', key: 'model' }, epoch: epochs - 1, evidence: {}, fixes: [] }] : [];
    },
  };
  return { rule, calls: () => calls };
}

const step = (globalStep: number, loss = 1): StepRecord => (clock++, { globalStep, epoch: Math.floor(globalStep / 10), loss, learningRate: 1e-3, gradNorm: [], gradMaxAbs: [], weightNorm: [], updateRatio: [], nonFinite: !Number.isFinite(loss) });

function monitorWith(rule: Rule<object>, findings: Finding[]) {
  return new DiagnosticsMonitor(trace(), { rules: [rule], locate: () => undefined, report: (f) => findings.push(f), stopOnDivergence: true, clock: () => clock });
}

test('monitor: rules are evaluated as the trace grows by 10%, not at every epoch end', () => {
  const { rule, calls } = countingRule(Infinity);
  const monitor = monitorWith(rule, []);
  for (let epoch = 0; epoch < 200; epoch++) {
    for (let s = 0; s < 10; s++) monitor.onStep(step(epoch * 10 + s));
    monitor.onEpoch({ epoch, metrics: { loss: 1 }, learningRate: 1e-3 });
  }
  // 10, 20, …, then every 10%: about log(200)/log(1.1) ≈ 56 evaluations, against 200 epoch ends.
  assert.ok(calls() < 70, `${calls()} evaluations over 200 epochs`);
  assert.ok(calls() > 30, `${calls()} evaluations: too few to stream findings while the run goes`);
});

test('monitor: slow rules are evaluated less often, keeping their share of the run\'s time near 1%', () => {
  // 10 steps (10 ms) per epoch; each evaluation takes 5 ms: at most one per 500 ms of run.
  const { rule, calls } = countingRule(Infinity, 5);
  const monitor = monitorWith(rule, []);
  const start = clock;
  for (let epoch = 0; epoch < 400; epoch++) {
    for (let s = 0; s < 10; s++) monitor.onStep(step(epoch * 10 + s));
    monitor.onEpoch({ epoch, metrics: { loss: 1 }, learningRate: 1e-3 });
  }
  const share = (calls() * 5) / (clock - start);
  assert.ok(share <= 0.015, `rules took ${(share * 100).toFixed(1)}% of the run (${calls()} evaluations)`);
  assert.ok(calls() >= 5, `${calls()} evaluations`);
});

test('monitor: the run\'s end evaluates what the last epochs added, so the final report is complete', () => {
  const { rule, calls } = countingRule(120);
  const findings: Finding[] = [];
  const monitor = monitorWith(rule, findings);
  for (let epoch = 0; epoch < 120; epoch++) {
    for (let s = 0; s < 10; s++) monitor.onStep(step(epoch * 10 + s));
    monitor.onEpoch({ epoch, metrics: { loss: 1 }, learningRate: 1e-3 });
  }
  // Epoch 120 came too soon after the last evaluation (1,100 steps → the next at 1,210).
  assert.equal(findings.length, 0);
  monitor.onRunEnd();
  assert.equal(findings.length, 1, 'the finding of the last epoch is reported at the end');
  const before = calls();
  monitor.onRunEnd();
  assert.equal(calls(), before, 'nothing new: no second evaluation');
});

test('monitor: the first non-finite step is evaluated at once', () => {
  const { rule, calls } = countingRule(Infinity);
  const monitor = monitorWith(rule, []);
  for (let s = 0; s < 500; s++) monitor.onStep(step(s));
  const before = calls();
  monitor.onStep(step(500, NaN));
  assert.equal(calls(), before + 1);
  monitor.onStep(step(501, NaN));
  assert.equal(calls(), before + 1, 'later NaN steps say nothing new');
});
