// The gradient of a 2-D convolution with respect to its filter, NHWC.
// tfjs' plain-JS kernel spends ~650 ms on a step of a small digits CNN (it walks TensorBuffers
// element by element) and the WebAssembly backend has none, so CNNs could not train there at all.
// This one accumulates outer products of contiguous channel rows: dW[fh,fw,:,:] += x[b,ih,iw,:] ⊗ dy[b,oh,ow,:].
import * as tf from '@tensorflow/tfjs';
import { readFloat32, writeFloat32 } from './tensorAccess';

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export function conv2dBackpropFilterValues(x: Float32Array, xShape: number[], dy: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const [, inH, inW, inC] = xShape;
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const dw = new Float32Array(filterHeight * filterWidth * inC * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight + fh * dilationHeight - padTop;
          if (ih < 0 || ih >= inH) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth + fw * dilationWidth - padLeft;
            if (iw < 0 || iw >= inW) continue;
            const xBase = ((b * inH + ih) * inW + iw) * inC;
            const wBase = (fh * filterWidth + fw) * inC * outChannels;
            for (let ci = 0; ci < inC; ci++) {
              const xv = x[xBase + ci];
              if (xv === 0) continue; // ReLU outputs are often zero
              const row = wBase + ci * outChannels;
              for (let co = 0; co < outChannels; co++) dw[row + co] += xv * dy[dyBase + co];
            }
          }
        }
      }
    }
  }
  return dw;
}

export function conv2dBackpropFilterKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as Attrs;
      if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter: only NHWC (channelsLast) is supported');
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
      const kernelBackend = backend as tf.KernelBackend;
      const values = conv2dBackpropFilterValues(readFloat32(kernelBackend, x), x.shape, readFloat32(kernelBackend, dy), info);
      return writeFloat32(kernelBackend, a.filterShape, values);
    },
  };
}
