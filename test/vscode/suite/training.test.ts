import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeLenses, getApi, lensTitles, lineOf, log, openFile, safeJson, sampleFile, trainAndWait, waitFor, webviewTabs, workspaceRoot } from './helpers';
import { findExperiment } from './tree';

export function trainingSuite(): void {
  suite('Training', () => {
    let runId = '';
    const rel = 'digits-mlp.model.ts';

    test('api.train({file, epochs: 2}) completes and is recorded', async () => {
      const api = await getApi();
      const file = sampleFile(rel);
      const t0 = Date.now();
      const { started, outcome } = await trainAndWait({ file, epochs: 2 }, 180_000);
      log(`digits-mlp, 2 epochs: ${((Date.now() - t0) / 1000).toFixed(1)} s, outcome ${safeJson(outcome).slice(0, 300)}`);
      runId = started.runId;
      assert.equal(outcome.kind, 'finished', `outcome: ${safeJson(outcome)}`);
      if (outcome.kind !== 'finished') return;
      assert.equal(outcome.runId, runId);
      assert.equal(outcome.finished.status, 'completed', `status ${outcome.finished.status}, error ${safeJson(outcome.finished.error)}`);
      assert.equal(outcome.finished.epochsCompleted, 2, `epochsCompleted ${outcome.finished.epochsCompleted}`);
      const record = await waitFor(`run ${runId} in api.listRuns()`, () => api.listRuns().find((r) => r.runId === runId), 10_000);
      assert.equal(record.status, 'completed');
      assert.equal(path.resolve(record.file), path.resolve(file), `record.file ${record.file}`);
      assert.equal(record.experiment, 'digits-mlp');
      assert.ok(!api.activeRunIds().includes(runId), `run ${runId} is still in activeRunIds() after it ended`);
    });

    test('the run shows in the Experiments tree under file → experiment', async () => {
      assert.ok(runId, 'no run from the previous test');
      const api = await getApi();
      const found = await waitFor(
        'digits-mlp.model.ts → digits-mlp → a run in describeTree()',
        async () => {
          const f = findExperiment(await api.describeTree(), rel, 'digits-mlp');
          return f && f.runs.length > 0 ? f : undefined;
        },
        10_000,
      );
      log(`tree: ${found.file.label} → ${found.experiment.label} → ${found.runs.map((r) => r.label).join(' | ')}`);
      assert.ok(found.runs.length >= 1);
    });

    test('modelLab.openDashboard with the run id opens a modelLab.dashboard webview', async () => {
      assert.ok(runId, 'no run from the previous test');
      const api = await getApi();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor('all dashboards to close', () => webviewTabs().every((t) => !t.viewType.includes('modelLab.dashboard')) || undefined, 10_000);
      await vscode.commands.executeCommand('modelLab.openDashboard', runId);
      const tab = await waitFor(
        'a webview tab whose viewType contains modelLab.dashboard',
        () => webviewTabs().find((t) => t.viewType.includes('modelLab.dashboard')),
        15_000,
      );
      log(`dashboard tab: ${safeJson(tab)}`);
      await waitFor(`api.openDashboards() to include ${runId}`, () => api.openDashboards().includes(runId) || undefined, 10_000);
    });

    test('after the run, the CodeLens shows "Last run:"', async () => {
      assert.ok(runId, 'no run from the previous test');
      const editor = await openFile(sampleFile(rel));
      const line = lineOf(editor.document.getText(), /\bexperiment\s*\(/);
      const lenses = await waitFor(
        'a "Last run:" lens on digits-mlp.model.ts',
        async () => {
          const ls = await codeLenses(editor.document.uri);
          return ls.some((l) => /Last run:/.test(l.command?.title ?? '')) ? ls : undefined;
        },
        20_000,
        500,
      );
      const last = lenses.find((l) => /Last run:/.test(l.command?.title ?? ''))!;
      log(`lenses: ${lensTitles(lenses)}`);
      assert.equal(last.range.start.line, line, `"Last run:" lens on line ${last.range.start.line}, expected ${line}`);
    });

    test('modelLab.exportOnnx exports the run next to it, verified with onnxruntime', async () => {
      assert.ok(runId, 'no run from the previous test');
      const outcome = (await vscode.commands.executeCommand('modelLab.exportOnnx', runId)) as { type: string; file?: string; opset?: number; verification?: { passed?: boolean; outputs?: { maxAbs: number }[] } } | undefined;
      log(`export: ${safeJson(outcome).slice(0, 400)}`);
      assert.equal(outcome?.type, 'export-finished', safeJson(outcome));
      assert.equal(outcome?.opset, 17);
      assert.equal(outcome?.verification?.passed, true);
      assert.ok((outcome?.verification?.outputs ?? []).every((o) => o.maxAbs <= 1e-4));
      assert.equal(path.basename(outcome!.file!), 'model.onnx');
      assert.ok(path.dirname(outcome!.file!).endsWith(runId), `exported to ${outcome!.file}`);
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(outcome!.file!));
      assert.ok(bytes.byteLength > 10_000, `model.onnx has ${bytes.byteLength} bytes`);
    });

    test('modelLab.evaluateRun evaluates a run on its held-out test split and the tree marks it tested', async () => {
      const api = await getApi();
      const file = path.join(workspaceRoot(), 'held-out', 'held-out.model.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, [
        "import * as tf from '@tensorflow/tfjs';",
        "import { experiment, datasets } from 'modellab';",
        "export const heldOut = experiment({",
        "  name: 'held-out',",
        "  data: datasets.iris({ validationSplit: 0.2, testSplit: 0.2 }),",
        "  model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] }),",
        "  optimizer: { name: 'adam', learningRate: 0.02 },",
        "  loss: 'categoricalCrossentropy',",
        "  metrics: ['accuracy'],",
        "  epochs: 3,",
        "  seed: 5,",
        "});",
        '',
      ].join('\n'));
      const { started, outcome } = await trainAndWait({ file }, 180_000);
      assert.equal(outcome.kind, 'finished', safeJson(outcome));
      const result = (await vscode.commands.executeCommand('modelLab.evaluateRun', started.runId)) as { type: string; samples?: number; metrics?: Record<string, number> } | undefined;
      log(`evaluate: ${safeJson(result).slice(0, 300)}`);
      assert.equal(result?.type, 'evaluation-finished', safeJson(result));
      assert.equal(result?.samples, 30);
      assert.ok(result?.metrics && 'test_accuracy' in result.metrics);
      const record = await waitFor('the run to record its test evaluation', () => api.listRuns().find((r) => r.runId === started.runId && (r.testEvaluations?.length ?? 0) === 1), 10_000);
      assert.deepEqual(record.testEvaluations![0].metrics, result!.metrics);
      const line = await waitFor('the tree to mark the run tested', async () => (await api.describeTree()).find((l) => l.includes(started.runId) && l.includes('tested:')), 10_000);
      log(`tree: ${line.trim()}`);
    });

    test('modelLab.compareRuns with two run ids opens a compare view', async () => {
      assert.ok(runId, 'no run from the previous test');
      const second = await trainAndWait({ file: sampleFile(rel), epochs: 1, seed: 7 }, 180_000);
      await vscode.commands.executeCommand('modelLab.compareRuns', undefined, [runId, second.started.runId].map((id) => ({ kind: 'run', id: `run:${id}`, record: { runId: id } })));
      const tab = await waitFor('a webview tab whose viewType contains modelLab.compare', () => webviewTabs().find((t) => t.viewType.includes('modelLab.compare')), 15_000);
      log(`compare tab: ${safeJson(tab)}`);
    });
  });
}
