// Learning-rate schedules, evaluated at fractional epochs so warm-up and cosine move every step.
import type { LearningRateSchedule } from '../../sdk/types';

export const SCHEDULE_NAMES = ['step', 'exponential', 'cosine'] as const;

/** Warm-up never starts at exactly 0 (that would waste the first steps): it starts at this fraction of `initial`. */
const WARMUP_START = 1e-3;

function check(ok: boolean, what: string, rule: string, value: unknown): void {
  if (!ok) throw new Error(`learningRate.${what} must be ${rule}, got ${typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value)}`);
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Throws a message naming the bad field; call once when the optimizer is created. */
export function validateSchedule(s: LearningRateSchedule): void {
  if (typeof s !== 'object' || s === null) throw new Error(`learningRate must be a number or a schedule object, got ${JSON.stringify(s)}`);
  if (!(SCHEDULE_NAMES as readonly string[]).includes(s.schedule)) {
    throw new Error(`Unknown learning-rate schedule '${String(s.schedule)}'. Use one of: ${SCHEDULE_NAMES.join(', ')}`);
  }
  check(isNumber(s.initial) && s.initial > 0, 'initial', 'a positive number', s.initial);
  if (s.warmupEpochs !== undefined) check(isNumber(s.warmupEpochs) && s.warmupEpochs >= 0, 'warmupEpochs', 'a number ≥ 0', s.warmupEpochs);
  switch (s.schedule) {
    case 'step':
      check(isNumber(s.stepEpochs) && s.stepEpochs > 0, 'stepEpochs', 'a positive number', s.stepEpochs);
      if (s.gamma !== undefined) check(isNumber(s.gamma) && s.gamma > 0, 'gamma', 'a positive number', s.gamma);
      break;
    case 'exponential':
      check(isNumber(s.decayRate) && s.decayRate > 0, 'decayRate', 'a positive number', s.decayRate);
      if (s.decayEpochs !== undefined) check(isNumber(s.decayEpochs) && s.decayEpochs > 0, 'decayEpochs', 'a positive number', s.decayEpochs);
      break;
    case 'cosine':
      if (s.periodEpochs !== undefined) check(isNumber(s.periodEpochs) && s.periodEpochs > 0, 'periodEpochs', 'a positive number', s.periodEpochs);
      if (s.minLearningRate !== undefined) {
        check(isNumber(s.minLearningRate) && s.minLearningRate >= 0 && s.minLearningRate <= s.initial, 'minLearningRate', `a number in [0, initial = ${s.initial}]`, s.minLearningRate);
      }
      break;
  }
}

/**
 * The learning rate after `epochProgress` epochs (2.5 = half way through the third epoch).
 * Warm-up rises linearly to `initial`; the schedule proper counts epochs from the end of warm-up.
 */
export function learningRateAt(s: LearningRateSchedule, epochProgress: number, totalEpochs: number): number {
  const warmup = s.warmupEpochs ?? 0;
  if (epochProgress < warmup) return s.initial * Math.max(epochProgress / warmup, WARMUP_START);
  const t = epochProgress - warmup;
  switch (s.schedule) {
    case 'step':
      // The small epsilon keeps 2.9999999 (accumulated step fractions) from missing a boundary.
      return s.initial * Math.pow(s.gamma ?? 0.1, Math.floor(t / s.stepEpochs + 1e-9));
    case 'exponential':
      return s.initial * Math.pow(s.decayRate, t / (s.decayEpochs ?? 1));
    case 'cosine': {
      const period = s.periodEpochs ?? Math.max(totalEpochs - warmup, 1e-9);
      const floor = s.minLearningRate ?? 0;
      const progress = Math.min(t / period, 1);
      return floor + 0.5 * (s.initial - floor) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
