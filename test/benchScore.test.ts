// The diagnostics benchmark's scoring: what counts as a right finding, a false alarm, the right line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreBenchmark, type BenchProgram, type BenchRun } from '../bench/diagnostics/score';

const program = (kind: 'faulty' | 'healthy', id = 'deep-sigmoid'): BenchProgram => ({
  id, kind, file: `/p/${id}.${kind}.model.ts`, arch: 'dense', faultClass: 'vanishing gradients', half: 'test',
  expect: kind === 'faulty' ? ['vanishing-gradient', 'saturated-activation'] : [], line: kind === 'faulty' ? 12 : undefined,
});
const run = (p: BenchProgram, seed: number, found: BenchRun['found'], epochs = 50): BenchRun => ({ program: p, seed, found, epochs, status: 'completed' });

test('benchmark score: any expected code is right, standing findings on healthy runs are alarms, resolved ones are transient', () => {
  const faulty = program('faulty');
  const healthy = program('healthy');
  const s = scoreBenchmark([
    run(faulty, 1, [{ code: 'underfitting', severity: 'warning', epoch: 4 }, { code: 'saturated-activation', severity: 'warning', epoch: 4, line: 12 }]),
    run(faulty, 2, [{ code: 'vanishing-gradient', severity: 'warning', epoch: 9, line: 30 }]),
    run(faulty, 3, [{ code: 'underfitting', severity: 'warning', epoch: 9 }]),
    run(healthy, 1, []),
    run(healthy, 2, [{ code: 'underfitting', severity: 'warning', epoch: 3, resolvedEpoch: 8 }]),
    run(healthy, 3, [{ code: 'oscillating-loss', severity: 'warning', epoch: 20 }]),
  ]);
  assert.equal(s.overall.faulty, 3);
  assert.equal(s.overall.faultyRight, 2);
  assert.equal(s.overall.programsAny, 1);
  assert.equal(s.overall.programsAlways, 0);
  assert.equal(s.overall.healthy, 3);
  assert.equal(s.overall.healthyAlarms, 1);
  assert.equal(s.overall.healthyTransient, 1);
  assert.equal(s.overall.located, 2);
  assert.equal(s.overall.rightLine, 1);
  assert.equal(s.overall.firstSeenMedian, (0.1 + 0.2) / 2);
  const vanishing = s.rules.find((r) => r.code === 'vanishing-gradient')!;
  assert.deepEqual([vanishing.expected, vanishing.found, vanishing.rightLine], [3, 1, 0]);
  assert.equal(s.rules.find((r) => r.code === 'oscillating-loss')!.falseAlarms, 1);
  assert.equal(s.rules.find((r) => r.code === 'underfitting'), undefined, 'a resolved finding is no alarm, and underfitting was not expected');
});
