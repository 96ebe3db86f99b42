// Counts set through the environment (MODELLAB_WASM_THREADS, MODELLAB_REPLICAS): unset is undefined,
// anything but a whole number ≥ 1 is an error that names the variable and what 1 means.
export function countFromEnv(env: NodeJS.ProcessEnv, name: string, oneMeans: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1 (1 = ${oneMeans}), got '${raw}'`);
  return n;
}
