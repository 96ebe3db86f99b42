// A folder of images as the data: samples/data/digit-images/<digit>/*.png|jpg, 50 UCI digits per class (8×8,
// written by scripts/make-digit-images.ts), read at 16×16 in grayscale. The class comes from the subfolder's
// name; the model is built from the data's description (its input shape and number of classes), so nothing
// here counts pixels or classes by hand.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitImages = experiment({
  name: 'digit-images',
  data: datasets.images('data/digit-images', { size: [16, 16], grayscale: true, validationSplit: 0.25 }),
  model: (_params, data) =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: data.inputShape, filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: data.numClasses ?? 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 3e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 16,
  seed: 4,
});
