// An independent check of exported files: the official ONNX checker (Python `onnx`, Debian's
// python3-onnx) with full shape inference, on models covering every layer family. Skipped, saying so,
// where that package is not installed; CI installs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { exportModel } from '../src/engine/onnx/exportModel';
import { selectBackend } from '../src/engine/backend/select';
import { tempDir } from './helpers';

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0);

function checkWithOnnx(file: string): string {
  const script = 'import onnx, sys\nm = onnx.load(sys.argv[1])\nonnx.checker.check_model(m, full_check=True)\nprint("ok", m.ir_version, [o.version for o in m.opset_import])';
  const r = spawnSync(PYTHON!, ['-c', script, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `onnx.checker rejected ${path.basename(file)}:\n${r.stderr}`);
  return r.stdout.trim();
}

const models: Record<string, () => tf.LayersModel> = {
  mlp: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 8, activation: 'relu' }), tf.layers.batchNormalization(), tf.layers.dropout({ rate: 0.2 }), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
  cnn: () => tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3, padding: 'same', strides: 2, activation: 'relu' }), tf.layers.depthwiseConv2d({ kernelSize: 2 }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: 2 })] }),
  rnn: () => tf.sequential({ layers: [tf.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 5 }), tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, returnSequences: true }) as tf.RNN }), tf.layers.gru({ units: 2 })] }),
  functional: () => {
    const input = tf.input({ shape: [4] });
    const a = tf.layers.dense({ units: 4, activation: 'tanh' }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([a, input]) as tf.SymbolicTensor;
    const out = tf.layers.concatenate().apply([sum, tf.layers.layerNormalization().apply(a) as tf.SymbolicTensor]) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  },
};

for (const [name, build] of Object.entries(models)) {
  test(`the official ONNX checker accepts the ${name} export (opset 13 and 17)`, { skip: PYTHON ? false : 'python3-onnx is not installed (apt-get install python3-onnx)' }, async () => {
    await selectBackend('cpu');
    const model = build();
    for (const opset of [13, 17]) {
      const { bytes } = await exportModel(model, { opset, verify: false });
      const file = path.join(tempDir(), `${name}-${opset}.onnx`);
      fs.writeFileSync(file, bytes);
      assert.match(checkWithOnnx(file), new RegExp(`^ok \\d+ \\[${opset}\\]$`));
    }
    model.dispose();
  });
}
