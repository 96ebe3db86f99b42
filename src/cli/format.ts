// Terminal formatting: tables, numbers, durations, a progress bar, findings.
import type { BackendReport, BackendStatus } from '../engine';
import type { Finding } from '../protocol/findings';

export function fmtNumber(v: number | undefined): string {
  if (v === undefined || v === null) return '-';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return v.toFixed(4);
}

export function fmtMetric(name: string, v: number | undefined): string {
  if (v !== undefined && /acc/.test(name)) return `${(v * 100).toFixed(1)}%`;
  return fmtNumber(v);
}

export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** A plain aligned table; numeric-looking columns are right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,%e+-]+[a-z%]*$|^-$/.test(r[i] ?? '')));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.floor(f * width);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][Math.floor((f * width - full) * 8)] ?? '';
  return ('█'.repeat(full) + partial).padEnd(width, '·');
}

/** "2 diagnostics (1 resolved by the end)". */
export function diagnosticsHeading(findings: Finding[]): string {
  const resolved = findings.filter((f) => f.resolved).length;
  return `${findings.length} diagnostic${findings.length === 1 ? '' : 's'}${resolved ? ` (${resolved} resolved by the end)` : ''}`;
}

/** The first fix under a finding; none for one resolved by the end (its advice is for a problem that went away). */
export function findingFixLine(f: Finding): string {
  return f.resolved ? '' : `  fix: ${f.fixes[0] ?? '-'}\n`;
}

/** "file:line:col: warning dead-relu: message (epoch 3)" — the form terminals and editors link. */
export function formatFinding(f: Finding): string {
  const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}: ` : '';
  const when = f.epoch !== undefined ? ` (epoch ${f.epoch + 1})` : '';
  // A finding that stopped holding is history, not a problem: it says so in place of its severity.
  const severity = f.resolved ? `resolved (from epoch ${f.resolved.epoch + 1})` : f.severity;
  return `${where}${severity} ${f.code}: ${f.message}${when}`;
}

function backendDetail(b: BackendStatus): string {
  if (!b.available) return b.reason ?? 'not available';
  const parts = [b.location ? `from ${b.location}` : b.source === 'modellab' ? "Model Lab's own" : ''];
  if (b.simd !== undefined) parts.push(`SIMD ${b.simd ? 'on' : 'off'}`);
  if (b.threads !== undefined) parts.push(`${b.threads} thread${b.threads === 1 ? '' : 's'}`);
  if (b.stepMs !== undefined) parts.push(`a training step in ${b.stepMs} ms`);
  return parts.filter(Boolean).join(', ');
}

/** `modellab backend status` as a table (the CLI prints it; the extension writes it to its output channel). */
export function backendReportText(report: BackendReport): string {
  const rows = report.backends.map((b) => [b.name, b.available ? 'yes' : 'no', b.version ?? '-', backendDetail(b)]);
  return [
    table(['backend', 'available', 'version', 'details'], rows),
    '',
    `auto trains on: ${report.auto}   (TensorFlow.js ${report.tfjs}; native backends are looked for in ${report.backendsDir}, then the workspace's node_modules, then Model Lab's)`,
    '',
  ].join('\n');
}
