import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, log, openFile, safeJson, sampleFile, sleep, waitFor, webviewTabs } from './helpers';
import { findExperiment } from './tree';

export function restrictedSuite(): void {
  suite('Restricted Mode', () => {
    test('the workspace is not trusted', () => {
      assert.equal(vscode.workspace.isTrusted, false, 'vscode.workspace.isTrusted is true: the launcher should open an untrusted folder');
    });

    test('api.train rejects with a message about Restricted Mode / trust', async () => {
      const api = await getApi();
      let message = '';
      try {
        const started = await api.train({ file: sampleFile('iris.model.ts'), epochs: 1 });
        await started.done.catch(() => undefined);
        assert.fail(`train() did not reject in Restricted Mode: started run ${started.runId}`);
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        message = e instanceof Error ? e.message : String(e);
      }
      log(`train() in Restricted Mode: ${message}`);
      assert.match(message, /restricted mode|trust/i);
      assert.deepEqual(api.activeRunIds(), [], 'a run is active');
    });

    test('the tree still lists the runs recorded in .modellab/runs', async () => {
      const api = await getApi();
      const expected = process.env.MODELLAB_TEST_RECORDED_RUN;
      const runs = await waitFor('a recorded run in listRuns()', () => (api.listRuns().length ? api.listRuns() : undefined), 15_000);
      log(`runs: ${safeJson(runs.map((r) => `${r.runId} ${r.experiment} ${r.status}`))}`);
      if (expected) assert.ok(runs.some((r) => r.runId === expected), `run ${expected} (recorded by the launcher) not in listRuns()`);
      const iris = runs.find((r) => r.experiment === 'iris');
      assert.ok(iris, 'no iris run');
      const found = await waitFor(
        'iris.model.ts → iris → a run in describeTree()',
        async () => {
          const f = findExperiment(await api.describeTree(), path.basename(iris.file), 'iris');
          return f && f.runs.length ? f : undefined;
        },
        10_000,
      );
      log(`tree: ${found.file.label} → ${found.experiment.label} → ${found.runs.map((r) => r.label).join(' | ')}`);
    });

    test('the dashboard of a recorded run still opens', async () => {
      const api = await getApi();
      const run = api.listRuns()[0];
      assert.ok(run, 'no recorded run');
      await vscode.commands.executeCommand('modelLab.openDashboard', run.runId);
      const tab = await waitFor('a modelLab.dashboard webview tab', () => webviewTabs().find((t) => t.viewType.includes('modelLab.dashboard')), 15_000);
      log(`dashboard tab in Restricted Mode: ${safeJson(tab)}`);
      await waitFor(`api.openDashboards() to include ${run.runId}`, () => api.openDashboards().includes(run.runId) || undefined, 10_000);
    });

    test('the modelLab.train command starts nothing', async () => {
      const api = await getApi();
      const before = api.listRuns().length;
      await openFile(sampleFile('iris.model.ts'));
      // The command answers with a warning that offers "Manage Workspace Trust" and resolves only when the
      // user dismisses it: do not wait for it, watch that nothing starts.
      void Promise.resolve(vscode.commands.executeCommand('modelLab.train')).catch((e: unknown) => log(`modelLab.train threw: ${e instanceof Error ? e.message : e}`));
      await sleep(3000);
      assert.deepEqual(api.activeRunIds(), [], 'a run is active');
      assert.equal(api.listRuns().length, before, 'a run was recorded');
    });

    test('Find Learning Rate, Run Sweep and Cross-Validate start nothing', async () => {
      const api = await getApi();
      const before = api.listRuns().length;
      const uri = vscode.Uri.file(sampleFile('iris-sweep.model.ts'));
      for (const command of ['modelLab.findLearningRate', 'modelLab.runSweep', 'modelLab.crossValidate']) {
        // Each answers with the Restricted Mode warning and resolves when it is dismissed: do not wait.
        void Promise.resolve(vscode.commands.executeCommand(command, uri, 'iris-sweep')).catch((e: unknown) => log(`${command} threw: ${e instanceof Error ? e.message : e}`));
      }
      await sleep(3000);
      assert.deepEqual(api.groups(), [], 'a group was recorded');
      assert.deepEqual(api.workflowViews(), [], 'a workflow panel opened');
      assert.equal(api.listRuns().length, before, 'a run was recorded');
    });
  });
}
