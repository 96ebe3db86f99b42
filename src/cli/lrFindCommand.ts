// `modellab lr-find <file>`: the learning-rate range test, in this process; JSON lines or a text plot.
import { DegenerateCurveError, formatLoadError, formatLocation, LoadError, LrRangeError, runLrFind, startJob } from '../engine';
import type { LrFindEvent, LrFindFinishedEvent, LrFindStartedEvent } from '../protocol/workflowEvents';
import { backendFlag, intFlag, parseCommandArgs, type ParsedArgs, positionals, stringFlag, UsageError } from './args';
import { commandSpec } from './commandSpecs';

const SPEC = commandSpec('lr-find')!;

function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} takes a number (e.g. 1e-5), got ${JSON.stringify(v)}`);
  return n;
}

export async function lrFindCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, SPEC);
  const [file] = positionals(args, SPEC);
  const backend = backendFlag(args);
  const json = args.flags.has('json');
  const request = {
    kind: 'lr-find' as const,
    file,
    experiment: stringFlag(args, 'experiment'),
    minLearningRate: numberFlag(args, 'min-lr'),
    maxLearningRate: numberFlag(args, 'max-lr'),
    steps: intFlag(args, 'steps'),
    batchSize: intFlag(args, 'batch-size'),
    seed: intFlag(args, 'seed'),
    backend,
  };
  if (json) return startJob(request, (event) => process.stdout.write(`${JSON.stringify(event)}\n`)).done;
  const interactive = !json && process.stderr.isTTY === true;
  let started: LrFindStartedEvent | undefined;
  let lastDraw = 0;

  const send = (event: LrFindEvent) => {
    if (event.type === 'lr-find-started') {
      started = event;
      process.stderr.write(`Range test of '${event.experiment}': learning rate ${fmtLr(event.minLearningRate)} → ${fmtLr(event.maxLearningRate)} over at most ${event.steps} steps of ${event.batchSize} samples\n`);
    } else if (event.type === 'lr-find-step' && interactive && Date.now() - lastDraw > 100) {
      lastDraw = Date.now();
      process.stderr.write(`\r\x1b[2Kstep ${event.step + 1}/${started?.steps ?? '?'}  lr ${fmtLr(event.learningRate)}  loss ${event.smoothedLoss.toPrecision(4)}`);
    } else if (event.type === 'lr-find-finished' && interactive) {
      process.stderr.write('\r\x1b[2K');
    }
  };

  let finished: LrFindFinishedEvent;
  try {
    const { kind: _kind, ...options } = request;
    finished = await runLrFind(options, { send, info: (message) => process.stderr.write(`${message}\n`) });
  } catch (err) {
    if (!(err instanceof LoadError || err instanceof LrRangeError || err instanceof DegenerateCurveError)) throw err;
    if (interactive) process.stderr.write('\r\x1b[2K');
    process.stderr.write(`error: ${err instanceof LoadError ? formatLoadError(err) : err.message}\n`);
    // A curve without a readable rate is a failed test, not bad input.
    return err instanceof DegenerateCurveError ? 1 : 2;
  }
  process.stdout.write(summary(finished));
  return 0;
}

/** A learning rate in two significant digits: 0.0031, 3.1e-7. */
export function fmtLr(lr: number): string {
  if (lr >= 1e-3 && lr < 1e3) return String(Number(lr.toPrecision(2)));
  return lr.toExponential(1).replace('e+', 'e');
}

const STOPPED: Record<LrFindFinishedEvent['stoppedBecause'], string> = {
  diverged: 'the loss exploded (above 4× its best)',
  'max-learning-rate': 'reached --max-lr',
  'non-finite-loss': 'the loss became NaN or infinite',
};

function summary(f: LrFindFinishedEvent): string {
  const lines: string[] = [];
  const last = f.curve[f.curve.length - 1];
  lines.push(`${f.curve.length} steps up to learning rate ${fmtLr(last[0])}; stopped because ${STOPPED[f.stoppedBecause]}.`, '');
  lines.push(plotCurve(f.smoothed, f.suggestedLearningRate), '');
  const why = f.suggestions.steepest === f.suggestedLearningRate ? 'steepest descent of the smoothed loss' : 'learning rate of the lowest loss / 10';
  lines.push(`suggested      ${fmtLr(f.suggestedLearningRate)}  (${why})`);
  lines.push(`steepest       ${f.suggestions.steepest !== undefined ? fmtLr(f.suggestions.steepest) : '- (the loss never falls)'}`);
  lines.push(`min loss / 10  ${f.suggestions.minLossDividedBy10 !== undefined ? fmtLr(f.suggestions.minLossDividedBy10) : '-'}`);
  lines.push(`current        ${f.currentLearningRate !== undefined ? fmtLr(f.currentLearningRate) : '- (a tf.Optimizer without a readable rate)'}`);
  lines.push('', hint(f));
  return `${lines.join('\n')}\n`;
}

function hint(f: LrFindFinishedEvent): string {
  const value = fmtLr(f.suggestedLearningRate);
  const where = f.location ? ` at ${formatLocation(f.location)}` : ` in ${f.file}`;
  if (f.location && f.currentLearningRate !== undefined) return `To use it: set learningRate: ${value} in the optimizer${where}`;
  return `To use it: give the optimizer learningRate: ${value}${where}, e.g. optimizer: { name: 'adam', learningRate: ${value} }`;
}

const PLOT_WIDTH = 60;
const PLOT_HEIGHT = 15;

/** Smoothed loss against log10 of the learning rate, as text, with the suggestion's column marked. */
export function plotCurve(points: [number, number][], marked: number, width = PLOT_WIDTH, height = PLOT_HEIGHT): string {
  const finite = points.filter(([lr, loss]) => lr > 0 && Number.isFinite(loss));
  if (finite.length === 0) return '(no points to plot)';
  const x0 = Math.log10(finite[0][0]);
  const x1 = Math.log10(finite[finite.length - 1][0]);
  const losses = finite.map(([, loss]) => loss);
  const top = Math.max(...losses);
  const bottom = Math.min(...losses);
  const col = (lr: number) => Math.max(0, Math.min(width - 1, Math.round(x1 > x0 ? ((Math.log10(lr) - x0) / (x1 - x0)) * (width - 1) : 0)));
  const row = (loss: number) => (top > bottom ? Math.round(((top - loss) / (top - bottom)) * (height - 1)) : height - 1);
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  const markCol = col(marked);
  for (let r = 0; r < height; r++) grid[r][markCol] = '│';
  for (const [lr, loss] of finite) grid[row(loss)][col(lr)] = '•';
  const label = (v: number) => v.toPrecision(4).padStart(10);
  const out = grid.map((cells, r) => `${r === 0 ? label(top) : r === height - 1 ? label(bottom) : ' '.repeat(10)} ${r === 0 || r === height - 1 ? '┤' : '│'}${cells.join('')}`);
  out.push(`${' '.repeat(11)}└${Array.from({ length: width }, (_, c) => (c === markCol ? '┴' : '─')).join('')}`);
  const left = fmtLr(finite[0][0]);
  const right = fmtLr(finite[finite.length - 1][0]);
  const axis = Array<string>(width + 1).fill(' ');
  const put = (text: string, at: number) => [...text].forEach((ch, i) => at + i >= 0 && at + i <= width && (axis[at + i] = ch));
  put(left, 0);
  put(right, width + 1 - right.length);
  const mark = `↑ ${fmtLr(marked)}`;
  put(mark, Math.min(markCol, width + 1 - mark.length));
  out.push(`${' '.repeat(12)}${axis.join('').trimEnd()}   (learning rate, log scale; loss smoothed)`);
  return out.join('\n');
}
