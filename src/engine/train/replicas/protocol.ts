// Messages between the training loop (replica 0) and its data-parallel replicas (worker threads).
// Every replica builds the same model from the same file and seed; each step it computes the gradients
// of its shard of the batch, then applies the averaged update the loop sends (as the loop applies it
// too), so the replicas' weights stay equal to the loop's without ever sending weights.
import type { SetUpRequest } from '../setUpFromFile';

/** The worker's `workerData`. */
export interface ReplicaStart {
  request: SetUpRequest;
  /** 1, 2, …: seeds its dropout apart from the other replicas'. */
  replica: number;
}

/** The update the loop applied (after averaging and clipping): every variable's gradient, concatenated in trainable-weight order. */
export interface ReplicaUpdate {
  gradients: Float32Array;
  learningRate: number;
}

export type ToReplica =
  /** Compute the gradients of training rows `rows`. */
  | { type: 'step'; rows: Uint32Array }
  /** Apply the update the loop applied (no answer). */
  | { type: 'update'; update: ReplicaUpdate }
  /** Report a digest of the weights (tests). */
  | { type: 'digest' };

export type FromReplica =
  | { type: 'ready'; digest: string }
  /** Gradients concatenated in trainable-weight order, and [loss, ...metric means] of the shard; both empty for no rows. */
  | { type: 'gradients'; gradients: Float32Array; values: number[]; count: number }
  | { type: 'digest'; digest: string }
  | { type: 'failed'; message: string; stack?: string };
