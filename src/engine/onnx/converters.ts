// The table of supported tfjs layer classes (getClassName()) → converter. A class not here is refused.
import type { Converter } from './context';
import * as core from './layers/core';
import * as conv from './layers/conv';
import * as merge from './layers/merge';
import * as norm from './layers/normalization';
import * as recurrent from './layers/recurrent';
import * as reshape from './layers/reshape';

export const CONVERTERS: Record<string, Converter> = {
  Dense: core.dense,
  Activation: core.activation,
  ReLU: core.reluLayer,
  LeakyReLU: core.leakyRelu,
  PReLU: core.prelu,
  ELU: core.eluLayer,
  ThresholdedReLU: core.thresholdedRelu,
  Softmax: core.softmaxLayer,
  Dropout: core.identity,
  SpatialDropout1D: core.identity,
  GaussianNoise: core.identity,
  GaussianDropout: core.identity,
  AlphaDropout: core.identity,
  BatchNormalization: norm.batchNormalization,
  LayerNormalization: norm.layerNormalization,
  Flatten: reshape.flatten,
  Reshape: reshape.reshape,
  Permute: reshape.permute,
  RepeatVector: reshape.repeatVector,
  ZeroPadding2D: reshape.zeroPadding2d,
  Cropping2D: reshape.cropping2d,
  UpSampling2D: reshape.upSampling2d,
  Embedding: reshape.embedding,
  Conv1D: conv.conv1d,
  Conv2D: conv.conv2d,
  DepthwiseConv2D: conv.depthwiseConv2d,
  SeparableConv2D: conv.separableConv2d,
  Conv2DTranspose: conv.conv2dTranspose,
  MaxPooling1D: conv.maxPooling1d,
  MaxPooling2D: conv.maxPooling2d,
  AveragePooling1D: conv.averagePooling1d,
  AveragePooling2D: conv.averagePooling2d,
  GlobalAveragePooling1D: conv.globalAveragePooling1d,
  GlobalAveragePooling2D: conv.globalAveragePooling2d,
  GlobalMaxPooling1D: conv.globalMaxPooling1d,
  GlobalMaxPooling2D: conv.globalMaxPooling2d,
  SimpleRNN: recurrent.simpleRnn,
  LSTM: recurrent.lstm,
  GRU: recurrent.gru,
  Bidirectional: recurrent.bidirectional,
  Add: merge.add,
  Multiply: merge.multiply,
  Average: merge.average,
  Maximum: merge.maximum,
  Minimum: merge.minimum,
  Concatenate: merge.concatenate,
  Dot: merge.dot,
};

/** Classes refused on purpose, with the reason shown to the user. */
export const REFUSED: Record<string, string> = {
  Masking: 'masks make RNNs carry their state over masked steps anywhere in a sequence, which ONNX sequence_lens cannot express',
  Sequential: 'a nested model used as a layer (build the model from its layers directly)',
  Model: 'a nested model used as a layer (build the model from its layers directly)',
  Functional: 'a nested model used as a layer (build the model from its layers directly)',
};
