// The backend report (`modellab backend status --json`, the editor's Show Backends): every backend, whether it
// runs here, and why not. Public contract: extend, never rename.
import type { BackendName } from './events';

export interface BackendStatus {
  name: BackendName;
  available: boolean;
  /** Why it cannot run here (absent when available). */
  reason?: string;
  /** The package that provides it and its version (plain JS: @tensorflow/tfjs itself). */
  package?: string;
  version?: string;
  /** Where it was loaded from: the per-user backends folder, the workspace, or Model Lab's own node_modules. */
  source?: 'user' | 'workspace' | 'modellab';
  location?: string;
  /** wasm: 128-bit SIMD and the threads it runs on. */
  simd?: boolean;
  threads?: number;
  /** One training step's time on a small dense layer, ms (the step that proves it trains). */
  stepMs?: number;
}

export interface BackendReport {
  /** Tags the report's JSON line (`modellab backend status --json`). */
  type: 'backend-report';
  tfjs: string;
  backendsDir: string;
  /** What `auto` takes here: the first available, fastest first. */
  auto: BackendName;
  backends: BackendStatus[];
}
