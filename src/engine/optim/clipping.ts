// Gradient clipping with Keras semantics: clipnorm per tensor, global_clipnorm over all, clipvalue per element.
import * as tf from '@tensorflow/tfjs';

export interface ClipOptions {
  clipNorm?: number;
  globalClipNorm?: number;
  clipValue?: number;
}

/** New clipped gradients; the caller still owns (and disposes) the input map. */
export function clipGradients(grads: tf.NamedTensorMap, clip: ClipOptions): tf.NamedTensorMap {
  return tf.tidy(() => {
    let out: tf.NamedTensorMap = { ...grads };
    if (clip.clipValue !== undefined) {
      const v = clip.clipValue;
      out = mapValues(out, (g) => tf.clipByValue(g, -v, v));
    }
    if (clip.clipNorm !== undefined) {
      const c = clip.clipNorm;
      out = mapValues(out, (g) => tf.mul(g, tf.div(c, tf.maximum(tf.norm(g), c))));
    }
    if (clip.globalClipNorm !== undefined) {
      const c = clip.globalClipNorm;
      const global = tf.sqrt(tf.addN(Object.values(out).map((g) => tf.sum(tf.square(g)))));
      const scale = tf.div(c, tf.maximum(global, c));
      out = mapValues(out, (g) => tf.mul(g, scale));
    }
    // Never return an input tensor itself: the caller disposes both maps.
    return mapValues(out, (g) => (Object.values(grads).includes(g) ? tf.clone(g) : g));
  });
}

function mapValues(map: tf.NamedTensorMap, fn: (t: tf.Tensor) => tf.Tensor): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(map)) out[k] = fn(v);
  return out;
}
