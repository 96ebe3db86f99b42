// The sweep's parallel-coordinates plot as SVG built through the DOM: one vertical axis per param and
// one for the metric (ticks and labels), one polyline per finished trial coloured by the metric, the
// best trial on top and thicker; hovering a line shows its trial's values.
import type { ParallelCoordinates } from '../../model/workflow/parallelCoordinates';
import type { Theme } from '../theme';
import { qualityColor } from './colors';
import { svg, tooltip } from './svg';

const HEIGHT = 300;
/** Rough width of one label character (12px UI font), to tell when labels would collide. */
const LABEL_CHAR_WIDTH = 7;
const MARGIN = { top: 44, bottom: 18, left: 56, right: 70 };
const MAX_TICK_CHARS = 14;

export function parallelCoordinatesSvg(pc: ParallelCoordinates, width: number, theme: Theme, metricLabel: string): SVGSVGElement {
  const w = Math.max(width, 320);
  const innerW = w - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const n = pc.axes.length;
  const xAt = (i: number): number => MARGIN.left + (n <= 1 ? innerW / 2 : (i * innerW) / (n - 1));
  const yAt = (at: number): number => MARGIN.top + (1 - at) * innerH;
  const root = svg('svg', { class: 'pc', width: w, height: HEIGHT, viewBox: `0 0 ${w} ${HEIGHT}`, role: 'img', 'aria-label': `Parallel coordinates of the sweep's trials, coloured by ${metricLabel}` });

  const lines = svg('g', { class: 'pc-lines' });
  for (const line of pc.lines) {
    const points = line.ys.map((y, i) => `${xAt(i).toFixed(1)},${yAt(y).toFixed(1)}`).join(' ');
    const title = `Trial ${line.index + 1}${line.runId ? ` (${line.runId})` : ''}${line.best ? ' ★ best' : ''}\n${line.values.join('\n')}`;
    lines.append(svg('polyline', { class: `pc-line${line.best ? ' pc-best' : ''}`, points, stroke: qualityColor(theme, line.quality), fill: 'none' }, tooltip(title)));
  }

  const axes = svg('g', { class: 'pc-axes' });
  const labels = pc.axes.map((axis) => (axis.kind === 'metric' ? metricLabel : `${axis.key}${axis.scale === 'log' ? ' (log)' : ''}`));
  // In a narrow panel neighbouring labels would overlap: put every other one on a second line.
  const spacing = n <= 1 ? innerW : innerW / (n - 1);
  const stagger = labels.some((l, i) => i > 0 && ((l.length + labels[i - 1].length) / 2) * LABEL_CHAR_WIDTH > spacing - 8);
  pc.axes.forEach((axis, i) => {
    const x = xAt(i);
    const g = svg('g', { class: `pc-axis${axis.kind === 'metric' ? ' pc-metric-axis' : ''}` });
    g.append(svg('line', { x1: x, x2: x, y1: yAt(0), y2: yAt(1), stroke: theme.muted }));
    const label = labels[i];
    const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
    const labelX = i === 0 ? x - 8 : i === n - 1 ? x + 8 : x;
    const labelY = MARGIN.top - 14 - (stagger && i % 2 === 1 ? 14 : 0);
    g.append(svg('text', { class: 'pc-label', x: labelX, y: labelY, 'text-anchor': anchor, fill: theme.foreground }, label, tooltip(`${label}${axis.scale === 'log' ? ' (log scale)' : ''}`)));
    for (const tick of axis.ticks) {
      const y = yAt(tick.at);
      const short = tick.label.length > MAX_TICK_CHARS ? `${tick.label.slice(0, MAX_TICK_CHARS - 1)}…` : tick.label;
      g.append(
        svg('line', { x1: x - 4, x2: x, y1: y, y2: y, stroke: theme.muted }),
        svg('text', { class: 'pc-tick', x: x - 7, y: y + 4, 'text-anchor': 'end', fill: theme.muted }, short, short !== tick.label ? tooltip(tick.label) : null),
      );
    }
    axes.append(g);
  });

  root.append(lines, axes);
  if (pc.lines.length === 0) {
    root.append(svg('text', { class: 'pc-empty', x: w / 2, y: HEIGHT / 2, 'text-anchor': 'middle', fill: theme.muted }, 'No trial has finished with this metric yet.'));
  }
  return root;
}
