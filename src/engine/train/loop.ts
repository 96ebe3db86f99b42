// The training loop. Custom (not model.fit) so that each step's gradients pass through our hands:
// clipping, schedules, and the per-layer probes of the diagnostics build on this.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../data/rng';
import { permutation } from '../data/rng';
import type { ArraySplit } from '../data/types';
import type { EpochEvent, LogEvent, Metrics, StepStats, TrainingEvent } from '../../protocol/events';
import { ActivationProbe } from '../diagnostics/probes/activationProbe';
import { histogram } from '../diagnostics/probes/histogram';
import type { EpochRecord, Histogram, ProbeRecord, StepRecord } from '../diagnostics/types';
import { clipGradients } from '../optim/clipping';
import { learningRateAt } from '../optim/schedules';
import { gatherBatch, stepsPerEpoch } from './batches';
import { evaluateSplit, EVALUATION_BATCH } from './evaluateSplit';
import { ImprovementWatch, resolveMonitor } from './callbacks/monitor';
import type { EpochCallback } from './callbacks/types';
import { batchGradients, trainableVariables } from './batchGradients';
import type { ReplicaPool } from './replicas/replicaPool';
import { adamSumsAvailable, applyAdamWithSums } from '../backend/fused/adam';
import type { AdamStepSums } from '../backend/simd/heapAdam';
import { HostStepStats, toStepStats, type WeightsCopy } from './stepStats';
import { hostReadsAreCheap } from '../backend/hostReads';
import type { TrainingSetup } from './setup';

export interface LoopHooks {
  emit(event: TrainingEvent): void;
  isCancelled(): boolean;
  /** Saves the current weights as the run's best or last model. */
  saveModel(kind: 'best' | 'last'): Promise<void>;
}

/** Watches the run as it goes (the diagnostics); may ask it to stop. */
export interface TrainingObserver {
  onStep(record: StepRecord): void;
  onProbe(record: ProbeRecord): void;
  onEpoch(record: EpochRecord): void;
  /** The last epoch has ended (completed, stopped early, cancelled or diverged). */
  onRunEnd?(): void;
  /** A reason to stop now (e.g. 'diverged'), or undefined to go on. */
  stopReason(): string | undefined;
}

export interface ProbeSettings {
  /** Steps between activation probes; 0 turns every probe off. */
  interval: number;
  batchSize: number;
  histograms: boolean;
  /**
   * The share of training time the diagnostics may take: the probes, and what every step costs them
   * (step statistics, the rules). When a probe would take more than what the steps since the last one
   * leave of this share, the next waits longer (never longer than an epoch). Unset: every `interval`
   * steps exactly.
   */
  budget?: number;
  /** Reduce step statistics and activations in JS (default: where reads are cheap, wasm and cpu); false runs them as kernels. */
  onHost?: boolean;
}

export interface LoopResult {
  status: 'completed' | 'cancelled' | 'diverged';
  epochsCompleted: number;
  metrics: Metrics;
  bestEpoch?: number;
  bestMetrics?: Metrics;
  samplesPerSecond: number;
  stopReason?: string;
}


/** Lets IPC messages (cancel) in between steps; tfjs reads on CPU/wasm resolve as microtasks and would starve them. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));



export class TrainingLoop {
  private learningRate: number;
  /** Reduce-on-plateau's cumulative factor; it scales a schedule instead of fighting it. */
  private learningRateScale = 1;
  private trainSeconds = 0;
  private trainSamples = 0;
  /** Wall time spent on diagnostics: activation probes, the host-side step statistics, the observer. */
  private diagnosticsMs = 0;
  /** The probes' part of diagnosticsMs. */
  private probesMs = 0;
  private globalStep = 0;
  private bestEpoch: number | undefined;
  private bestMetrics: Metrics | undefined;
  private bestWeights: tf.Tensor[] | undefined;
  /** The best epoch so far on the monitored metric (early stopping's, else val_loss or loss). */
  private readonly bestWatch: ImprovementWatch;
  private readonly probe: ActivationProbe | undefined;
  private gradientHistograms: Record<string, Histogram> | undefined;
  /** The global step of the next activation probe, and the smoothed time of a training step (ms). */
  private nextProbeStep = 0;
  private stepMs = 0;
  /** The weights before each step's update, for the update ratio (host statistics; reused every step). */
  private weightsBefore: WeightsCopy | undefined;
  /** Whether this epoch's weight and gradient histograms were recorded (at its first probe). */
  private weightHistogramsThisEpoch = false;

  constructor(
    private readonly setup: TrainingSetup,
    private readonly rng: Rng,
    private readonly hooks: LoopHooks,
    private readonly probes: ProbeSettings = { interval: 0, batchSize: 0, histograms: false },
    private readonly observer?: TrainingObserver,
    /** Data-parallel replicas: each batch is split across the loop and them (see replicas/). */
    private readonly replicas?: ReplicaPool,
  ) {
    this.probe = probes.interval > 0 ? new ActivationProbe(setup.model, setup.data, probes.batchSize, probes.histograms, probes.onHost) : undefined;
    this.learningRate = setup.optimizer.getLearningRate();
    const hasValidation = (setup.data.validation?.count ?? 0) > 0;
    this.bestWatch = new ImprovementWatch(resolveMonitor(setup.earlyStopping?.monitor, hasValidation), 0);
  }

  /**
   * Seconds spent so far on diagnostics (probes, step statistics computed on the host, the observer):
   * their cost measured inside one run, where comparing runs with probes on and off also measures the
   * machine's drift between them. Statistics computed on a device are in the step's kernels, not here.
   */
  get diagnosticsSeconds(): number {
    return this.diagnosticsMs / 1000;
  }

  get stepsPerEpoch(): number {
    return stepsPerEpoch(this.setup.data.train.count, this.setup.batchSize);
  }

  async run(): Promise<LoopResult> {
    const { setup, hooks } = this;
    let metrics: Metrics = {};
    let epochsCompleted = 0;
    let stopReason: string | undefined;
    let status: LoopResult['status'] = 'completed';
    try {
      for (let epoch = 0; epoch < setup.epochs; epoch++) {
        const epochMetrics = await this.trainEpoch(epoch);
        if (epochMetrics === undefined) {
          const observed = this.observer?.stopReason();
          status = observed ? 'diverged' : 'cancelled';
          stopReason = observed ?? 'cancelled';
          epochsCompleted = epoch;
          break;
        }
        metrics = epochMetrics;
        epochsCompleted = epoch + 1;
        const stop = this.afterEpoch(epoch, metrics);
        const observed = this.observer?.stopReason();
        if (observed) {
          status = 'diverged';
          stopReason = observed;
          break;
        }
        if (hooks.isCancelled()) {
          status = 'cancelled';
          stopReason = 'cancelled';
          break;
        }
        if (stop) {
          stopReason = 'early-stopping';
          break;
        }
      }
      this.observe(() => this.observer?.onRunEnd?.());
      if (stopReason === 'early-stopping' && setup.earlyStopping?.restoreBest && this.bestWeights) {
        setup.model.setWeights(this.bestWeights);
        hooks.emit({ type: 'log', level: 'info', message: `Restored the weights of the best epoch (${(this.bestEpoch ?? 0) + 1})` });
      }
      await hooks.saveModel('last');
    } finally {
      this.bestWeights?.forEach((t) => t.dispose());
      this.bestWeights = undefined;
      this.probe?.dispose();
    }
    return {
      status,
      epochsCompleted,
      metrics,
      bestEpoch: this.bestEpoch,
      bestMetrics: this.bestMetrics,
      samplesPerSecond: this.trainSeconds > 0 ? this.trainSamples / this.trainSeconds : 0,
      stopReason,
    };
  }

  /** One pass over the training data; undefined when cancelled part-way. */
  private async trainEpoch(epoch: number): Promise<Metrics | undefined> {
    const { setup, hooks } = this;
    const train = setup.data.train;
    const steps = this.stepsPerEpoch;
    const order = setup.shuffle ? permutation(train.count, this.rng) : null;
    this.weightHistogramsThisEpoch = false;
    const sums = new Float64Array(1 + setup.metrics.length);
    let seen = 0;
    let epochSeconds = 0;
    const metricCount = 1 + setup.metrics.length;
    for (let step = 0; step < steps; step++) {
      if (hooks.isCancelled() || this.observer?.stopReason()) return undefined;
      this.applySchedule(epoch + step / steps);
      const start = step * setup.batchSize;
      const end = Math.min(train.count, start + setup.batchSize);
      const probeNow = this.probe !== undefined && this.globalStep >= this.nextProbeStep;
      // Weight and gradient histograms change slowly and cost a pass over every parameter: the first
      // probe of each epoch records them, the others only the activations' (what the dashboard draws).
      const histogramsNow = probeNow && this.probes.histograms && !this.weightHistogramsThisEpoch;
      if (histogramsNow) this.weightHistogramsThisEpoch = true;
      const t0 = performance.now();
      const { values, stats } = await this.trainStep(train, order, start, end, histogramsNow);
      const seconds = (performance.now() - t0) / 1000;
      epochSeconds += seconds;
      const n = end - start;
      for (let i = 0; i < metricCount; i++) sums[i] += values[i] * n;
      seen += n;
      const metrics = this.named(values, '');
      hooks.emit({ type: 'batch', epoch, step, globalStep: this.globalStep, learningRate: this.learningRate, metrics, stats });
      if (stats) this.observe(() => this.observer?.onStep({ globalStep: this.globalStep, epoch, loss: metrics.loss, learningRate: this.learningRate, ...stats }));
      this.stepMs = this.stepMs === 0 ? seconds * 1000 : 0.9 * this.stepMs + 0.1 * seconds * 1000;
      if (probeNow) {
        const probeStart = performance.now();
        await this.runProbe(epoch, histogramsNow);
        const probeMs = performance.now() - probeStart;
        this.diagnosticsMs += probeMs;
        this.probesMs += probeMs;
        this.nextProbeStep = this.globalStep + this.probeGap(probeMs);
      }
      this.globalStep++;
      await yieldToEventLoop();
    }
    this.trainSeconds += epochSeconds;
    this.trainSamples += seen;
    const trainMetrics = this.named(Array.from(sums, (s) => s / seen), '');
    const validation = setup.data.validation && setup.data.validation.count > 0 ? await this.evaluate(setup.data.validation, 'val_') : {};
    const metrics = { ...trainMetrics, ...validation };
    const best = this.trackBest(epoch, metrics);
    if (best) await hooks.saveModel('best');
    const event: EpochEvent = {
      type: 'epoch',
      epoch,
      learningRate: this.learningRate,
      metrics,
      durationMs: epochSeconds * 1000,
      samplesPerSecond: epochSeconds > 0 ? seen / epochSeconds : 0,
      best,
    };
    hooks.emit(event);
    this.observe(() => this.observer?.onEpoch({ epoch, metrics, learningRate: this.learningRate }));
    return metrics;
  }

  /** Runs the diagnostics' work (the observer's, the step statistics'), counted in diagnosticsSeconds. */
  private observe<T>(work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.diagnosticsMs += performance.now() - start;
    }
  }

  /**
   * Steps until the next probe: the interval, or more where the probe would overrun the budget left by
   * what every step already spends on diagnostics (a tiny model's steps of 1 ms spend ~2% on their
   * statistics alone).
   */
  private probeGap(probeMs: number): number {
    const { interval, budget } = this.probes;
    if (budget === undefined || this.stepMs <= 0) return interval;
    const perStep = (this.diagnosticsMs - this.probesMs) / (this.globalStep + 1);
    const room = budget * this.stepMs - perStep;
    const affordable = room > 0 ? Math.ceil(probeMs / room) : Infinity;
    return Math.max(interval, Math.min(affordable, this.stepsPerEpoch));
  }

  private async runProbe(epoch: number, parameterHistograms: boolean): Promise<void> {
    if (!this.probe) return;
    const layers = await this.probe.run();
    let weightHistograms: Record<string, Histogram> | undefined;
    if (parameterHistograms) {
      weightHistograms = {};
      for (const w of this.setup.model.trainableWeights) weightHistograms[w.name] = histogram(await w.read().data());
    }
    const record: ProbeRecord = { globalStep: this.globalStep, epoch, layers, weightHistograms, gradientHistograms: this.gradientHistograms };
    this.gradientHistograms = undefined;
    this.hooks.emit({ type: 'probe', ...record });
    this.observer?.onProbe(record);
  }

  private applySchedule(epochProgress: number): void {
    const schedule = this.setup.optimizer.schedule;
    if (!schedule) return;
    const lr = learningRateAt(schedule, epochProgress, this.setup.epochs) * this.learningRateScale;
    if (lr !== this.learningRate) {
      this.learningRate = lr;
      this.setup.optimizer.setLearningRate(lr);
    }
  }

  /**
   * Forward, backward, clip, update. Returns [loss, ...metrics] for the batch and, with probes on, the
   * per-variable statistics of the step (see stepStats.ts for why two ways to get them).
   */
  private async trainStep(split: ArraySplit, order: Uint32Array | null, start: number, end: number, gradientHistograms: boolean): Promise<{ values: number[]; stats?: StepStats }> {
    const { setup } = this;
    const { optimizer } = setup;
    const probing = this.probe !== undefined;
    const onHost = probing && (this.probes.onHost ?? hostReadsAreCheap());
    const variables = trainableVariables(setup);
    // [loss, ...metric means]: read here with the device statistics in one transfer, or already read
    // (data-parallel: the shards' values, averaged).
    let valueTensors: tf.Tensor[] = [];
    let readValues: number[] | undefined;
    let grads: tf.NamedTensorMap;
    let batch: { x: tf.Tensor; y: tf.Tensor } | undefined;
    if (this.replicas) {
      ({ grads, values: readValues } = await this.replicas.batchGradients(setup, variables, split, order, start, end));
    } else {
      batch = gatherBatch(split, setup.data, order, start, end);
      try {
        const computed = batchGradients(setup, variables, batch);
        grads = computed.grads;
        valueTensors = [computed.value, ...computed.metrics];
      } catch (err) {
        tf.dispose([batch.x, batch.y]);
        throw err;
      }
    }
    let before: tf.Tensor[] = [];
    let host: HostStepStats | undefined;
    let gradStats: tf.Tensor[] = [];
    try {
      // Plain Adam on wasm gives the update's sums from its own pass: no copy of the weights, no passes.
      const sumsFromOptimizer = onHost && adamSumsAvailable(optimizer.optimizer);
      // …and with no clipping in between and no histogram to draw, nothing needs reading before it.
      const onlyAfterUpdate = sumsFromOptimizer && !optimizer.clip && !gradientHistograms;
      if (onHost && !onlyAfterUpdate) {
        host = this.observe(() => {
          const stats = new HostStepStats(variables, sumsFromOptimizer ? undefined : (this.weightsBefore ??= HostStepStats.weightsBuffer(variables)));
          // Clipping changes the gradients the optimizer sees: the statistics are of the unclipped ones.
          stats.beforeUpdate(grads, gradientHistograms, sumsFromOptimizer && !optimizer.clip);
          return stats;
        });
        this.gradientHistograms = host.histograms ?? this.gradientHistograms;
      } else if (gradientHistograms) {
        this.gradientHistograms = {};
        for (const v of variables) this.gradientHistograms[v.name] = histogram(await grads[v.name].data());
      }
      const onDevice = probing && !onHost;
      // The update ratio needs the weights before the step.
      if (onDevice) before = variables.map((v) => tf.clone(v));
      // Squared norms: two kernels each (tf.norm takes more); the square roots are taken in JS.
      gradStats = onDevice ? tf.tidy(() => [...variables.map((v) => tf.sum(tf.square(grads[v.name]))), ...variables.map((v) => tf.max(tf.abs(grads[v.name])))]) : [];
      const clipped = optimizer.clip ? clipGradients(grads, optimizer.clip) : grads;
      this.replicas?.applying(variables, clipped, this.learningRate);
      let optimizerSums: Map<string, AdamStepSums> | undefined;
      if (sumsFromOptimizer) optimizerSums = applyAdamWithSums(optimizer.optimizer, clipped);
      else optimizer.optimizer.applyGradients(clipped);
      if (clipped !== grads) tf.dispose(clipped);
      tf.dispose(grads);
      const metricCount = 1 + setup.metrics.length;
      const parts = [...valueTensors.map((t, i) => (i === 0 ? t : tf.mean(t))), ...gradStats];
      let values = readValues ?? [];
      if (parts.length > 0 || onDevice) {
        const packed = tf.tidy(() => {
          const all = [...parts];
          if (onDevice) {
            all.push(...variables.map((v) => tf.sum(tf.square(v))));
            all.push(...variables.map((v, i) => tf.sum(tf.square(tf.sub(v, before[i])))));
          }
          return tf.stack(all.map((t) => tf.reshape(t, [])));
        });
        tf.dispose(parts.slice(1, valueTensors.length));
        const read = Array.from(await packed.data());
        packed.dispose();
        values = readValues ? [...readValues, ...read] : read;
      }
      if (onHost) {
        const stats = host ?? new HostStepStats(variables, undefined);
        return { values: values.slice(0, metricCount), stats: this.observe(() => toStepStats(stats.afterUpdate(optimizerSums))) };
      }
      if (!onDevice) return { values };
      const v = variables.length;
      const rest = values.slice(metricCount);
      return {
        values: values.slice(0, metricCount),
        stats: this.observe(() => toStepStats({ gradSquares: rest.slice(0, v), gradMaxAbs: rest.slice(v, 2 * v), weightSquares: rest.slice(2 * v, 3 * v), updateSquares: rest.slice(3 * v, 4 * v) })),
      };
    } finally {
      tf.dispose(before);
      tf.dispose(valueTensors);
      tf.dispose(gradStats);
      if (batch) tf.dispose([batch.x, batch.y]);
    }
  }

  /** Loss and metrics over a whole split, inference mode, averaged per sample. */
  private evaluate(split: ArraySplit, prefix: string): Promise<Metrics> {
    const { setup } = this;
    return evaluateSplit(setup.model, setup.data, split, setup, Math.max(setup.batchSize, EVALUATION_BATCH), prefix);
  }

  private named(values: number[], prefix: string): Metrics {
    const out: Metrics = { [`${prefix}loss`]: values[0] };
    this.setup.metricNames.forEach((name, i) => (out[`${prefix}${name}`] = values[i + 1]));
    return out;
  }

  private trackBest(epoch: number, metrics: Metrics): boolean {
    const value = metrics[this.bestWatch.monitor.name] ?? metrics.loss;
    if (!this.bestWatch.observe(epoch, value)) return false;
    this.bestEpoch = epoch;
    this.bestMetrics = metrics;
    if (this.setup.earlyStopping?.restoreBest) {
      this.bestWeights?.forEach((t) => t.dispose());
      this.bestWeights = this.setup.model.getWeights().map((w) => tf.keep(w.clone()));
    }
    return true;
  }

  /** The epoch callbacks, in the order they act: reduce-on-plateau changes the rate before early stopping may stop. */
  private get callbacks(): EpochCallback[] {
    return [this.setup.reduceLROnPlateau, this.setup.earlyStopping].filter((c): c is NonNullable<typeof c> => c !== undefined);
  }

  /** Runs the epoch callbacks and applies what they decide; true when training should stop. */
  private afterEpoch(epoch: number, metrics: Metrics): boolean {
    const { setup, hooks } = this;
    let stop = false;
    for (const callback of this.callbacks) {
      const decision = callback.onEpochEnd(epoch, metrics, { learningRate: this.learningRate });
      if (decision.log) hooks.emit({ type: 'log', level: 'info', message: decision.log, epoch } satisfies LogEvent);
      if (decision.learningRate !== undefined) {
        // A schedule is scaled by the factor, not overridden (see learningRateScale).
        this.learningRateScale *= decision.learningRate / this.learningRate;
        this.learningRate = decision.learningRate;
        setup.optimizer.setLearningRate(decision.learningRate);
      }
      if (decision.stop) {
        stop = true;
        break;
      }
    }
    return stop;
  }
}
