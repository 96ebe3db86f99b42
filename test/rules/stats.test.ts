// The stats rule on healthy and faulty traces (see src/engine/diagnostics/rules/stats.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consecutiveRun, median, sustainedStart, sustainWindow } from '../../src/engine/diagnostics/rules/stats';
import { healthyTrace } from '../traceBuilder';
import { run } from './gradientRules.fixtures';

test('stats: median, consecutiveRun, sustainedStart, sustainWindow', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.equal(median([NaN, 5, Infinity]), 5);
  assert.ok(Number.isNaN(median([])), 'median of nothing');
  assert.equal(consecutiveRun([true, false, true, true, true], 3), 2);
  assert.equal(consecutiveRun([true, true, false, true], 3), -1);
  assert.equal(sustainedStart([false, true, true, false, true, true], 4, 0.75), 1);
  assert.equal(sustainedStart([true, false, false, true], 4, 0.75), -1);
  const t = healthyTrace(); // 200 planned steps
  assert.equal(sustainWindow(t, 20), 20);
  assert.equal(sustainWindow(t, 100), 20); // capped at 10 % of the run
  assert.equal(sustainWindow(healthyTrace({ epochs: 2, stepsPerEpoch: 5 }), 20), 5); // never below 5
});
