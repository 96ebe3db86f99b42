// The lab workflow from the editor: a range test whose panel gets a finished snapshot and whose
// suggestion is written into the model file, a sweep and a cross-validation that show as group nodes in
// the Experiments tree. Uses test/vscode/fixtures/workflow.model.ts, copied into the workspace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, getApi, log, safeJson, waitFor, withTimeout, workspaceRoot } from './helpers';
import { descendants, findExperiment, parseTree } from './tree';
import type { WorkflowOutcome } from '../../../src/extension/api';

const FIXTURE = 'workflow.model.ts';

function copyFixture(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const dest = path.join(workspaceRoot(), FIXTURE);
  fs.copyFileSync(path.join(ext.extensionPath, 'test', 'vscode', 'fixtures', FIXTURE), dest);
  return dest;
}

type CommandResult = WorkflowOutcome | undefined;

/**
 * Runs a workflow command as the palette or a CodeLens does: it returns once the session has started (with its
 * id), and the session's end comes through the API.
 */
async function runWorkflowCommand(command: string, timeoutMs: number, ...args: unknown[]): Promise<CommandResult> {
  const api = await getApi();
  const started = await vscode.commands.executeCommand<{ sessionId: string } | undefined>(command, ...args);
  assert.ok(started && typeof started.sessionId === 'string', `${command} returned ${safeJson(started)}, not { sessionId }`);
  const done = api.workflowOutcome(started.sessionId);
  assert.ok(done, `no session ${started.sessionId}`);
  return withTimeout(done, timeoutMs, command);
}

export function workflowSuite(): void {
  suite('Workflow: range test, sweep, cross-validation', () => {
    let file = '';
    suiteSetup(() => {
      file = copyFixture();
    });

    test('Find Learning Rate: the panel gets a finished snapshot with a suggestion, and apply writes it into the optimizer', async () => {
      const api = await getApi();
      const uri = vscode.Uri.file(file);
      const result = await runWorkflowCommand('modelLab.findLearningRate', 120_000, uri, 'workflow-lr', { steps: 40 });
      log(`lr-find: ${safeJson(result).slice(0, 300)}`);
      assert.ok(result && result.kind === 'finished', `the range test did not finish: ${safeJson(result)}`);
      assert.equal(result.event.type, 'lr-find-finished');
      const panel = await waitFor(
        'a workflow panel with a finished lr-find snapshot',
        () => api.workflowViews().find((v) => v.view?.kind === 'lr-find' && v.view.status === 'finished'),
        15_000,
      );
      const view = panel.view;
      assert.ok(view && view.kind === 'lr-find' && view.finished, `snapshot: ${safeJson(view)}`);
      assert.ok(view.finished.suggestedLearningRate > 0, `suggestion ${view.finished.suggestedLearningRate}`);
      assert.ok(view.steps.length > 1, `${view.steps.length} steps in the snapshot`);
      await api.sendWorkflowMessage(panel.key, { type: 'apply-learning-rate', learningRate: 0.0123 });
      const document = await vscode.workspace.openTextDocument(uri);
      const text = await waitFor('the optimizer of workflow-lr to carry the applied rate', () => {
        const t = document.getText();
        return t.includes("optimizer: { name: 'adam', learningRate: 0.0123 },") ? t : undefined;
      }, 10_000);
      // Only workflow-lr's optimizer changed.
      assert.equal(text.split('learningRate: 0.0123').length, 2);
      assert.match(text, /optimizer: \{ name: 'adam', learningRate: 0\.01 \},/);
      await document.save();
    });

    test('Run Sweep: a group node with its trials, the best one marked, and a completed group record', async () => {
      const api = await getApi();
      const result = await runWorkflowCommand('modelLab.runSweep', 180_000, vscode.Uri.file(file), 'workflow-sweep');
      log(`sweep: ${safeJson(result).slice(0, 300)}`);
      assert.ok(result && result.kind === 'finished' && result.event.type === 'sweep-finished', `the sweep did not finish: ${safeJson(result)}`);
      const sweepId = String(result.event.sweepId);
      const record = await waitFor(`group record ${sweepId}`, () => api.groups().find((g) => g.id === sweepId), 10_000);
      assert.equal(record.status, 'completed');
      assert.equal(record.kind, 'sweep');
      assert.equal(record.members.length, 2);
      assert.ok(record.kind === 'sweep' && record.best !== undefined, 'no best trial in the record');
      const found = await waitFor('a "Sweep · 2 trials" node with two trials under workflow-sweep', async () => {
        const lines = await api.describeTree();
        const f = findExperiment(lines, FIXTURE, 'workflow-sweep');
        const group = f?.runs.find((l) => l.label.startsWith('Sweep · 2 trials'));
        if (!group) return undefined;
        const trials = descendants(parseTree(lines), group);
        return trials.length === 2 ? { group, trials } : undefined;
      }, 15_000);
      log(`tree: ${found.group.label} → ${found.trials.map((t) => t.label).join(' | ')}`);
      assert.match(found.group.label, /best val_loss \d/);
      assert.deepEqual(found.trials.map((t) => /^Trial (\d)/.exec(t.label)?.[1]), ['1', '2']);
      assert.equal(found.trials.filter((t) => t.label.includes('★')).length, 1, 'exactly one trial marked best');

      // Train Again on the best trial: same params, seed and backend give the same run, bit for bit.
      const best = record.kind === 'sweep' ? record.members[record.best!] : undefined;
      assert.ok(best, 'best member');
      // The command returns once the run has started; how it ends comes through the API.
      const startedAgain = await vscode.commands.executeCommand<{ runId: string } | undefined>('modelLab.trainAgain', best.runId);
      assert.ok(startedAgain && typeof startedAgain.runId === 'string', `train again returned ${safeJson(startedAgain)}, not { runId }`);
      const outcome = await withTimeout(api.runOutcome(startedAgain.runId)!, 120_000, 'modelLab.trainAgain');
      assert.ok(outcome && outcome.kind === 'finished' && outcome.runId && outcome.finished, `train again: ${safeJson(outcome)}`);
      const runs = api.listRuns();
      const original = runs.find((r) => r.runId === best.runId);
      const again = runs.find((r) => r.runId === outcome.runId);
      assert.ok(original && again, 'both runs listed');
      assert.deepEqual(again.params, original.params);
      assert.deepEqual(again.metrics, original.metrics);
      const weights = (runId: string) => fs.readFileSync(path.join(workspaceRoot(), '.modellab', 'runs', runId, 'model-last', 'weights.bin'));
      assert.ok(weights(again.runId).equals(weights(original.runId)), 'the saved weights are byte-identical');
      log(`train again: ${again.runId} reproduces ${original.runId} (params ${safeJson(again.params)})`);
    });

    test('Cross-Validate: a group node with mean ± std over its folds', async () => {
      const api = await getApi();
      const result = await runWorkflowCommand('modelLab.crossValidate', 180_000, vscode.Uri.file(file), 'workflow-cv');
      log(`cv: ${safeJson(result).slice(0, 300)}`);
      assert.ok(result && result.kind === 'finished' && result.event.type === 'cross-validation-finished', `the cross-validation did not finish: ${safeJson(result)}`);
      const found = await waitFor('a "2-fold CV" node with two folds under workflow-cv', async () => {
        const lines = await api.describeTree();
        const group = findExperiment(lines, FIXTURE, 'workflow-cv')?.runs.find((l) => l.label.startsWith('2-fold CV'));
        return group && descendants(parseTree(lines), group).length === 2 ? group : undefined;
      }, 15_000);
      log(`tree: ${found.label}`);
      assert.match(found.label, /2-fold CV · val_accuracy [\d.]+ ± [\d.e-]+/);
      await vscode.commands.executeCommand('modelLab.openGroup', String(result.event.cvId));
      // The tree can list both folds from the group record before the run store has read the second
      // fold's run.json; the panel follows the store and gets a new snapshot when it has.
      const panel = await waitFor('the cross-validation panel to get a snapshot with both folds', () => api.workflowViews().find((v) => v.groupId === result.event.cvId && v.view?.kind === 'cross-validation' && v.view.runs.length === 2), 15_000);
      assert.equal(panel.view?.kind, 'cross-validation');
      assert.equal(panel.view?.kind === 'cross-validation' && panel.view.runs.length, 2);
    });
  });
}
