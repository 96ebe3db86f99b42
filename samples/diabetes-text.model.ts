// Your own CSV, as people have them: a text column (sex, written "sex-1" / "sex-2" as coded in the source), a
// text target and a few empty cells. samples/data/diabetes-text.csv is the diabetes data (Efron et al., 2004)
// with its sex code written as text, disease progression as a text band (low / medium / high: the lower, middle
// and upper third of the progression values, cut at 100 and 184) and 7 bmi cells left empty on purpose.
// Text columns are one-hot encoded (their categories are recorded with the run, so evaluation and export
// encode the same way), the text target becomes classes, and `missing: 'fill'` fills the empty cells.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const diabetesText = experiment({
  name: 'diabetes-text',
  data: datasets.csv('data/diabetes-text.csv', { target: 'progression_band', missing: 'fill', validationSplit: 0.2, testSplit: 0.1 }),
  model: (_params, data) =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: data.inputShape, units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dropout({ rate: 0.2 }),
        tf.layers.dense({ units: data.numClasses ?? 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 3e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 60,
  earlyStopping: { patience: 5, restoreBest: true },
  batchSize: 16,
  seed: 7,
});
