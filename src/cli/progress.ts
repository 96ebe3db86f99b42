// The live progress line of `modellab train` on a terminal: epoch, step, loss, metrics, ETA.
import type { BatchEvent, EpochEvent, RunStartedEvent } from '../protocol/events';
import { bar, fmtDuration, fmtMetric } from './format';

export class ProgressLine {
  private started?: RunStartedEvent;
  private startTime = 0;
  private lastDraw = 0;
  private smoothedLoss: number | undefined;

  constructor(private readonly out: NodeJS.WriteStream, private readonly interactive: boolean) {}

  start(event: RunStartedEvent): void {
    this.started = event;
    this.startTime = Date.now();
  }

  batch(event: BatchEvent): void {
    const loss = event.metrics.loss;
    this.smoothedLoss = this.smoothedLoss === undefined || !Number.isFinite(this.smoothedLoss) ? loss : 0.9 * this.smoothedLoss + 0.1 * loss;
    if (!this.interactive || !this.started) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const { epochs, stepsPerEpoch } = this.started;
    const done = event.globalStep + 1;
    const total = epochs * stepsPerEpoch;
    const eta = ((now - this.startTime) / done) * (total - done);
    const metrics = Object.entries(event.metrics).filter(([k]) => k !== 'loss').map(([k, v]) => `${k} ${fmtMetric(k, v)}`).join('  ');
    this.draw(`epoch ${event.epoch + 1}/${epochs} ${bar(done / total, 24)} step ${event.step + 1}/${stepsPerEpoch}  loss ${fmtMetric('loss', this.smoothedLoss)}  ${metrics}  ETA ${fmtDuration(eta)}`);
  }

  epoch(event: EpochEvent): void {
    if (!this.started) return;
    const metrics = Object.entries(event.metrics).map(([k, v]) => `${k} ${fmtMetric(k, v)}`).join('  ');
    this.clear();
    this.out.write(`epoch ${String(event.epoch + 1).padStart(String(this.started.epochs).length)}/${this.started.epochs}  ${metrics}  ${Math.round(event.samplesPerSecond)} samples/s${event.best ? '  *' : ''}\n`);
  }

  message(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
  }

  clear(): void {
    if (this.interactive) this.out.write('\r\x1b[2K');
  }

  private draw(text: string): void {
    const width = this.out.columns ?? 120;
    this.out.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
  }
}
