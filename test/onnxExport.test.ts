// `modellab export` end to end: the bundled samples, trained briefly, exported from their runs and
// verified on real inputs from their datasets; plus the command's exit codes and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { samples, tempDir, train } from './helpers';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

function modellab(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

async function trainedRun(sample: string, epochs = 1): Promise<{ runsDir: string; runId: string }> {
  const runsDir = tempDir();
  const { outcome } = await train({ file: path.join(samples, sample), epochs, backend: 'cpu', runsDir });
  assert.equal(outcome.kind, 'finished');
  if (outcome.kind !== 'finished') throw new Error('training failed');
  return { runsDir, runId: outcome.finished.runId };
}

for (const sample of ['digits-cnn.model.ts', 'digits-mlp.model.ts', 'spirals.model.ts']) {
  test(`export ${sample}: verified on real validation inputs, --json`, async () => {
    const { runsDir, runId } = await trainedRun(sample);
    const out = path.join(tempDir(), 'model.onnx');
    const r = modellab(['export', runId.slice(0, runId.length - 2), '--runs-dir', runsDir, '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const event = JSON.parse(r.lines[r.lines.length - 1]);
    assert.equal(event.type, 'export-finished');
    assert.equal(event.file, out);
    assert.equal(event.opset, 17);
    assert.equal(event.verification.passed, true);
    assert.equal(event.verification.realInputs.split, 'validation');
    assert.ok(event.verification.realInputs.count >= 2);
    for (const o of event.verification.outputs) assert.ok(o.maxAbs <= 1e-4, JSON.stringify(o));
    // The written file runs on its own, with any batch size.
    const session = await ort.InferenceSession.create(out);
    const input = event.inputs[0];
    const dims = input.shape.map((d: number | string) => (typeof d === 'number' ? d : 5));
    const result = await session.run({ [input.name]: new ort.Tensor('float32', new Float32Array(dims.reduce((a: number, b: number) => a * b, 1)), dims) });
    assert.equal(result[event.outputs[0].name].dims[0], 5);
    await session.release();
  });
}

test('export --opset 13 --last writes next to the run by default; human summary', async () => {
  const { runsDir, runId } = await trainedRun('iris.model.ts');
  const r = modellab(['export', runId, '--runs-dir', runsDir, '--opset', '13', '--last']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /opset\s+13/);
  assert.match(r.stdout, /verdict\s+verified/);
  assert.ok(fs.existsSync(path.join(runsDir, runId, 'model.onnx')));
});

test('export: unknown run, bad opset and unsupported layers exit 2 and write nothing', () => {
  const runsDir = tempDir();
  const r = modellab(['export', 'no-such-run', '--runs-dir', runsDir, '--json']);
  assert.equal(r.code, 2);
  assert.equal(JSON.parse(r.lines[0]).code, 'bad-input');
  assert.equal(modellab(['export', 'x', '--runs-dir', runsDir, '--opset', '11']).code, 2);
  assert.equal(modellab(['export', 'x', '--best', '--last']).code, 2);
});
