// Convolution gradients on the WebAssembly backend as patch extraction (im2col, in JS: pure data
// movement) + the backend's own SIMD matrix multiply, NHWC:
//   filter gradient: dW[K,CO] = patchesᵀ[K,R] · dy[R,CO]           (K = FH·FW·CI, R = B·OH·OW)
//   input gradient:  cols[R,K] = dy[R,CO] · Wᵀ[CO,K], then col2im (scatter-add of the patches back)
// Depthwise convolutions have no inner product over channels to hand to a matmul; their gradients are
// tight loops over contiguous channel rows of typed arrays (each element touched FH·FW times).
import * as tf from '@tensorflow/tfjs';
import { readFloat32, writeFloat32 } from './tensorAccess';
import { asWasm, captureOriginal, matMulNN, release, scratch, view } from './wasmOps';

interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

type Info = tf.backend_util.Conv2DInfo;

function nhwcOnly(name: string, a: ConvAttrs): void {
  if (a.dataFormat === 'NCHW') throw new Error(`${name}: only NHWC (channelsLast) is supported`);
}

/** patchesT[k·R + r] = x at patch element k of output position r (0 in the padding). */
export function im2colT(x: Float32Array, info: Info, out: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const R = batchSize * outHeight * outWidth;
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      for (let c = 0; c < inChannels; c++) {
        let o = ((fh * filterWidth + fw) * inChannels + c) * R;
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * strideHeight + fh * dilationHeight - top;
            if (ih < 0 || ih >= inHeight) {
              out.fill(0, o, o + outWidth);
              o += outWidth;
              continue;
            }
            const rowBase = (b * inHeight + ih) * inWidth;
            for (let ow = 0; ow < outWidth; ow++) {
              const iw = ow * strideWidth + fw * dilationWidth - left;
              out[o++] = iw >= 0 && iw < inWidth ? x[(rowBase + iw) * inChannels + c] : 0;
            }
          }
        }
      }
    }
  }
}

/** dx += cols scattered back: cols[r·K + k] is the gradient of patch element k at output position r. */
export function col2im(cols: Float32Array, info: Info, dx: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const K = filterHeight * filterWidth * inChannels;
  let r = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, r++) {
        const colBase = r * K;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight + fh * dilationHeight - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth + fw * dilationWidth - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const cBase = colBase + (fh * filterWidth + fw) * inChannels;
            for (let c = 0; c < inChannels; c++) dx[xBase + c] += cols[cBase + c];
          }
        }
      }
    }
  }
}

function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs, depthwise: boolean): Info {
  return tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, depthwise, 'channelsLast');
}

export function conv2dBackpropFilterWasmKernel(backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  captureOriginal('BatchMatMul', 'wasm');
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as ConvAttrs;
      nhwcOnly('Conv2DBackpropFilter', a);
      const kb = backend as tf.KernelBackend;
      const info = convInfo(x.shape, a.filterShape!, a, false);
      const K = info.filterHeight * info.filterWidth * info.inChannels;
      const R = info.batchSize * info.outHeight * info.outWidth;
      const patches = scratch(kb, [1, K, R], (out) => im2colT(asWasm(kb).typedArrayFromHeap(x) as Float32Array, info, out));
      try {
        const dw = matMulNN(kb, patches, view(dy, [1, R, info.outChannels]));
        return view(dw, a.filterShape!);
      } finally {
        release(kb, patches);
      }
    },
  };
}

export function conv2dBackpropInputWasmKernel(backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  captureOriginal('BatchMatMul', 'wasm');
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const a = attrs as unknown as ConvAttrs;
      nhwcOnly('Conv2DBackpropInput', a);
      const kb = backend as tf.KernelBackend;
      const w = asWasm(kb);
      const info = convInfo(a.inputShape!, filter.shape, a, false);
      const K = info.filterHeight * info.filterWidth * info.inChannels;
      const CO = info.outChannels;
      const R = info.batchSize * info.outHeight * info.outWidth;
      const wT = scratch(kb, [1, CO, K], (out) => {
        const f = w.typedArrayFromHeap(filter) as Float32Array;
        for (let k = 0; k < K; k++) for (let co = 0; co < CO; co++) out[co * K + k] = f[k * CO + co];
      });
      let cols: tf.TensorInfo | undefined;
      try {
        cols = matMulNN(kb, view(dy, [1, R, CO]), wT);
        const dx = w.makeOutput(a.inputShape!, 'float32');
        const dxValues = w.typedArrayFromHeap(dx) as Float32Array; // views taken after the last allocation
        dxValues.fill(0); // heap memory is reused: not zeroed
        col2im(w.typedArrayFromHeap(cols) as Float32Array, info, dxValues);
        return dx;
      } finally {
        release(kb, wT, ...(cols ? [cols] : []));
      }
    },
  };
}

/**
 * Visits every (output position, filter tap) pair of a depthwise convolution whose input position is inside the
 * image, with the offsets of that input pixel, that output pixel and that filter tap: the loop nest both
 * gradients share (each adds its own channel loop).
 */
function forEachDepthwiseTap(info: Info, visit: (xBase: number, dyBase: number, wBase: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, outChannels } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight + fh * dilationHeight - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth + fw * dilationWidth - left;
            if (iw < 0 || iw >= inWidth) continue;
            visit(((b * inHeight + ih) * inWidth + iw) * inChannels, dyBase, (fh * filterWidth + fw) * outChannels);
          }
        }
      }
    }
  }
}

/** dW[fh,fw,c,m] = Σ x[b, ih, iw, c] · dy[b, oh, ow, c·M + m]. */
export function depthwiseFilterGrad(x: Float32Array, dy: Float32Array, info: Info): Float32Array {
  const { inChannels, outChannels, filterHeight, filterWidth } = info;
  const M = outChannels / inChannels;
  const dw = new Float32Array(filterHeight * filterWidth * outChannels);
  forEachDepthwiseTap(info, (xBase, dyBase, wBase) => {
    if (M === 1) {
      for (let c = 0; c < inChannels; c++) dw[wBase + c] += x[xBase + c] * dy[dyBase + c];
      return;
    }
    for (let c = 0; c < inChannels; c++) {
      const xv = x[xBase + c];
      for (let m = 0; m < M; m++) dw[wBase + c * M + m] += xv * dy[dyBase + c * M + m];
    }
  });
  return dw;
}

/** dx[b,ih,iw,c] = Σ dy[b,oh,ow,c·M + m] · W[fh,fw,c,m] over the output positions that saw it. */
export function depthwiseInputGrad(dy: Float32Array, filter: Float32Array, info: Info): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outChannels } = info;
  const M = outChannels / inChannels;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  forEachDepthwiseTap(info, (xBase, dyBase, wBase) => {
    if (M === 1) {
      for (let c = 0; c < inChannels; c++) dx[xBase + c] += dy[dyBase + c] * filter[wBase + c];
      return;
    }
    for (let c = 0; c < inChannels; c++) {
      let s = 0;
      for (let m = 0; m < M; m++) s += dy[dyBase + c * M + m] * filter[wBase + c * M + m];
      dx[xBase + c] += s;
    }
  });
  return dx;
}

export function depthwiseBackpropFilterKernel(backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  return {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as ConvAttrs;
      nhwcOnly('DepthwiseConv2dNativeBackpropFilter', a);
      const kb = backend as tf.KernelBackend;
      const info = convInfo(x.shape, a.filterShape!, a, true);
      return writeFloat32(kb, a.filterShape!, depthwiseFilterGrad(readFloat32(kb, x), readFloat32(kb, dy), info));
    },
  };
}

export function depthwiseBackpropInputKernel(backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  return {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const a = attrs as unknown as ConvAttrs;
      nhwcOnly('DepthwiseConv2dNativeBackpropInput', a);
      const kb = backend as tf.KernelBackend;
      const info = convInfo(a.inputShape!, filter.shape, a, true);
      return writeFloat32(kb, a.inputShape!, depthwiseInputGrad(readFloat32(kb, dy), readFloat32(kb, filter), info));
    },
  };
}
