// Which metric a callback watches, and which direction is better (Keras' 'auto' mode).
export interface Monitor {
  name: string;
  /** True when larger values are better (accuracy). */
  maximize: boolean;
}

export function resolveMonitor(requested: string | undefined, hasValidation: boolean): Monitor {
  let name = requested ?? 'val_loss';
  // Without a validation split there is no val_*: watch the training value instead.
  if (!hasValidation && name.startsWith('val_')) name = name.slice('val_'.length);
  return { name, maximize: /acc/.test(name) };
}

export function improved(monitor: Monitor, value: number, best: number | undefined, minDelta: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (best === undefined) return true;
  return monitor.maximize ? value > best + minDelta : value < best - minDelta;
}
