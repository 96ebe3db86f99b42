// A diagnostic finding as it crosses every boundary: the training process's events, a run's record, the CLI's
// --json, the Problems panel and the dashboard. Public contract (codes, fields): extend, never rename.
import type { SourceLocation } from '../sdk/types';

export type Severity = 'error' | 'warning' | 'info';

/** Where a finding points: a layer's line, or a key of the experiment (optimizer, loss, data, epochs). */
export type FindingTarget =
  | {
      kind: 'layer';
      layer: string;
      /** The layer option the finding is about (`kernelInitializer`, `activation`): its line, when the call shows it. */
      option?: string;
    }
  | { kind: 'config'; key: 'optimizer' | 'learningRate' | 'loss' | 'data' | 'epochs' | 'batchSize' | 'model' };

export interface Finding {
  /** The rule's stable code, e.g. 'dead-relu'. */
  code: string;
  severity: Severity;
  /** Plain words: what is wrong, with the numbers that show it. */
  message: string;
  target: FindingTarget;
  /** The layer's name, when the finding is about one. */
  layer?: string;
  /** Source position (filled by the engine from the target). */
  location?: SourceLocation;
  /** First epoch (0-based) and global step where it was seen; absent for static findings. */
  epoch?: number;
  step?: number;
  /** The numbers behind the finding. */
  evidence: Record<string, number | string | boolean>;
  /** Concrete fixes, most likely to help first. */
  fixes: string[];
  /**
   * Set at the run's end on a finding that no longer held by then (a plateau the model left, say): from which
   * epoch it stopped holding. A resolved finding stays on record but is no longer a problem of the model.
   */
  resolved?: { epoch: number; step?: number };
  /** A symptom (underfitting, a plateau) that a cause found in the same run explains: that cause's code and line. */
  explainedBy?: { code: string; line?: number; layer?: string };
}
