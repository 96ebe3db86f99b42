// Dense in training as one taped op. tf.fused.matMul declines to fuse any activation but 'linear' while
// gradients are recorded, so tfjs-layers' Dense(relu) trains as matMul, bias add and ReLU, each taped,
// and its autodiff adds Step, Cast, Mul, Sum and four reshapes: about ten kernel launches per layer and
// step around the two products (Dense(softmax) likewise takes a separate bias add). Here the forward
// pass is the _FusedMatMul kernel itself (on wasm, Model Lab's SIMD product adds the bias and ReLU as it
// stores; other activations follow as tfjs' own) and its gradient is the closed form: the ReLU mask
// once, then only the gradients the tape asks for (none for a first layer's input, which tfjs'
// customGrad-based fused op computes anyway).
import * as tf from '@tensorflow/tfjs';
import { kernelAttrs, runKernel, wrapLayerCall, type DenseInternals, type PatchResult } from '../tfjsInternals';
import { fusedPathActive, singleInput } from './fusedSwitch';

const FUSED_MATMUL = '_FusedMatMul';

/**
 * The gradient of a taped _FusedMatMul, which only Model Lab's Dense path below records (tfjs' own fused
 * op runs the kernel inside a customGrad, untaped): a[m,k]·b[k,n] + bias[n], untransposed, then ReLU or
 * nothing.
 */
function registerFusedMatMulGradient(): void {
  tf.registerGradient({
    kernelName: FUSED_MATMUL,
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [a, b, y] = saved;
      const { activation, transposeA, transposeB } = kernelAttrs<{ activation: string; transposeA: boolean; transposeB: boolean }>(attrs);
      if (transposeA || transposeB || (activation !== 'relu' && activation !== 'linear')) {
        throw new Error(`Model Lab's _FusedMatMul gradient covers untransposed products with relu or linear, not ${JSON.stringify(attrs)}`);
      }
      // Made once for all three gradients, outside their tidies: it lives until the backward pass ends.
      const dz = activation === 'relu' ? tf.mul(dy as tf.Tensor, tf.step(y)) : (dy as tf.Tensor);
      return {
        a: () => tf.matMul(dz, b, false, true),
        b: () => tf.matMul(a, dz, true, false),
        bias: () => tf.sum(dz, 0),
      };
    },
  });
}

/** Wraps Dense.call: a 2-D float32 input on wasm/cpu takes the taped fused kernel (with ReLU, or followed by the layer's other activation). */
export function installFusedDense(): PatchResult {
  const result = wrapLayerCall<DenseInternals>('Dense', (tfjsCall) => function (inputs, kwargs) {
    const x = singleInput(inputs);
    const kernel = this.kernel?.read();
    const bias = this.bias?.read();
    if (!x || !kernel || x.rank !== 2 || x.dtype !== 'float32' || kernel.dtype !== 'float32' || (bias && bias.rank !== 1) || !fusedPathActive()) {
      return tfjsCall.call(this, inputs, kwargs);
    }
    const activation = this.activation?.getClassName() ?? 'linear';
    return tf.tidy(() => {
      this.invokeCallHook?.(inputs, kwargs);
      const operands: tf.NamedTensorMap = bias ? { a: x, b: kernel, bias } : { a: x, b: kernel };
      const attrs = { transposeA: false, transposeB: false, activation: activation === 'relu' ? 'relu' : 'linear' };
      const z = runKernel(FUSED_MATMUL, operands, attrs);
      // Softmax, tanh, sigmoid…: tfjs' own activation after the fused product and bias.
      return activation === 'relu' || activation === 'linear' || !this.activation ? z : this.activation.apply(z);
    });
  });
  if (result.patched) registerFusedMatMulGradient();
  return result;
}
