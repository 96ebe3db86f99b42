// Chart colours and fonts from VS Code's theme variables, re-read when the theme changes (VS Code swaps
// the body's class: vscode-light / vscode-dark / vscode-high-contrast).

export interface Theme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  /** Series colours, indexed by a run's colorIndex or a layer's position. */
  palette: string[];
  red: string;
  blue: string;
  highContrast: boolean;
}

const PALETTE_VARS: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
];

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc'));
  const palette = PALETTE_VARS.map(([name, fallback]) => v(name, fallback));
  // Six theme colours, then lighter variants of them so more series stay distinguishable.
  palette.push(...palette.map((c) => withAlpha(c, 0.55)));
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', withAlpha(foreground, 0.7)),
    grid: withAlpha(v('--vscode-panel-border', withAlpha(foreground, 0.3)), 0.6),
    background: v('--vscode-editor-background', '#1e1e1e'),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13')) || 13,
    palette,
    red: v('--vscode-charts-red', '#f14c4c'),
    blue: v('--vscode-charts-blue', '#3794ff'),
    highContrast: document.body.classList.contains('vscode-high-contrast'),
  };
}

/** Calls back with the new theme whenever VS Code changes the body's theme class. */
export function onThemeChange(callback: (theme: Theme) => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    callback(readTheme());
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** A CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()) with its opacity multiplied by alpha. */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let r: number, g: number, b: number, a = 1;
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c);
  if (hex) {
    let h = hex[1];
    if (h.length <= 4) h = [...h].map((x) => x + x).join('');
    [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    if (h.length === 8) a = parseInt(h.slice(6, 8), 16) / 255;
  } else {
    const m = /^rgba?\(([^)]+)\)$/i.exec(c);
    if (!m) return c;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
    [r, g, b] = parts;
    if (parts.length > 3) a = parts[3];
  }
  return `rgba(${r}, ${g}, ${b}, ${+(a * alpha).toFixed(3)})`;
}
