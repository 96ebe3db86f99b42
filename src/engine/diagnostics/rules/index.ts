// Every diagnostic rule. Adding a rule: write its module in this folder and list it here.
import type { Rule } from '../types';
import { rule as classImbalance } from './class-imbalance';
import { rule as constantFeatures } from './constant-features';
import { rule as dataLeakage } from './data-leakage';
import { rule as deadRelu } from './dead-relu';
import { rule as diverged } from './diverged';
import { rule as explodingActivations } from './exploding-activations';
import { rule as explodingGradient } from './exploding-gradient';
import { rule as labelOutOfRange } from './label-out-of-range';
import { rule as learningRateRange } from './learning-rate-range';
import { rule as lossActivationMismatch } from './loss-activation-mismatch';
import { rule as lossPlateau } from './loss-plateau';
import { rule as nonFiniteData } from './non-finite-data';
import { rule as oscillatingLoss } from './oscillating-loss';
import { rule as overfitting } from './overfitting';
import { rule as saturatedActivation } from './saturated-activation';
import { rule as tooFewPerClass } from './too-few-per-class';
import { rule as unchangedWeights } from './unchanged-weights';
import { rule as underfitting } from './underfitting';
import { rule as unnormalizedInputs } from './unnormalized-inputs';
import { rule as unnormalizedTargets } from './unnormalized-targets';
import { rule as vanishingGradient } from './vanishing-gradient';

/** Static checks first (they run before training), then the training rules, most severe first. */
export const ALL_RULES: Rule<object>[] = [
  nonFiniteData,
  lossActivationMismatch,
  labelOutOfRange,
  unnormalizedInputs,
  unnormalizedTargets,
  constantFeatures,
  classImbalance,
  tooFewPerClass,
  dataLeakage,
  learningRateRange,
  diverged,
  explodingGradient,
  vanishingGradient,
  explodingActivations,
  deadRelu,
  saturatedActivation,
  unchangedWeights,
  overfitting,
  underfitting,
  lossPlateau,
  oscillatingLoss,
] as Rule<object>[];
