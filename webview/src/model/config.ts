// Flattening a resolved experiment config to dotted paths, and the compare view's differences table.

/** Leaves of a config as 'optimizer.learningRate' → value. Arrays of plain values stay one leaf. */
export function flattenConfig(config: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: unknown, path: string): void => {
    const isLeafArray = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
    if (value !== null && typeof value === 'object' && !isLeafArray) {
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      if (entries.length === 0) out.set(path, value);
      for (const [k, v] of entries) walk(v, path ? `${path}.${k}` : k);
    } else {
      out.set(path, value);
    }
  };
  walk(config, prefix);
  return out;
}

export interface ConfigDifference {
  path: string;
  /** One value per run, in the runs' order; undefined where a run does not have the key. */
  values: unknown[];
}

/** The config keys whose values are not the same in every run (compared as JSON), in first-seen order. */
export function diffConfigs(configs: readonly unknown[]): ConfigDifference[] {
  const flat = configs.map((c) => flattenConfig(c));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) for (const p of f.keys()) if (!seen.has(p)) (seen.add(p), paths.push(p));
  return paths
    .map((path) => ({ path, values: flat.map((f) => f.get(path)) }))
    .filter((d) => new Set(d.values.map((v) => JSON.stringify(v) ?? 'undefined')).size > 1);
}
