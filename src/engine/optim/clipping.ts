// Gradient clipping with Keras semantics: clipnorm per tensor, global_clipnorm over all, clipvalue per element.
// Keras applies only one of them; here every option given is applied, value first, then the norm, so the
// result satisfies all the bounds. (createOptimizer rejects clipNorm together with globalClipNorm, as Keras does.)
import * as tf from '@tensorflow/tfjs';

export interface ClipOptions {
  /** Each tensor g becomes g·c / max(‖g‖, c). */
  clipNorm?: number;
  /** Every tensor is scaled by c / max(global norm, c), the global norm taken over all gradients together. */
  globalClipNorm?: number;
  /** Each element is clipped to [−v, v]. */
  clipValue?: number;
}

/** New clipped gradients (always new tensors); the caller still owns, and disposes, the input map. */
export function clipGradients(grads: tf.NamedTensorMap, clip: ClipOptions): tf.NamedTensorMap {
  return tf.tidy(() => {
    let out: tf.NamedTensorMap = { ...grads };
    const { clipValue, clipNorm, globalClipNorm } = clip;
    if (clipValue !== undefined) out = mapValues(out, (g) => tf.clipByValue(g, -clipValue, clipValue));
    if (clipNorm !== undefined) out = mapValues(out, (g) => tf.mul(g, tf.div(clipNorm, tf.maximum(tf.norm(g), clipNorm))));
    if (globalClipNorm !== undefined) {
      const scale = tf.div(globalClipNorm, tf.maximum(globalNorm(out), globalClipNorm));
      out = mapValues(out, (g) => tf.mul(g, scale));
    }
    // Never hand back an input tensor itself: the caller disposes both maps.
    const inputs = new Set(Object.values(grads));
    return mapValues(out, (g) => (inputs.has(g) ? tf.clone(g) : g));
  });
}

/** √(Σ‖g‖²) over all tensors, as tf.linalg.global_norm. */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(squares.length === 0 ? tf.scalar(0) : tf.addN(squares)) as tf.Scalar;
  });
}

function mapValues(map: tf.NamedTensorMap, fn: (t: tf.Tensor) => tf.Tensor): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(map)) out[k] = fn(v);
  return out;
}
