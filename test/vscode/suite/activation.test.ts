import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, getApi } from './helpers';

export const EXPECTED_COMMANDS = [
  'modelLab.train',
  'modelLab.trainWith',
  'modelLab.stop',
  'modelLab.openDashboard',
  'modelLab.compareRuns',
  'modelLab.showLog',
  'modelLab.deleteRun',
  'modelLab.trainAgain',
  'modelLab.revealRunFolder',
  'modelLab.setRunNote',
  'modelLab.openRunSource',
  'modelLab.refreshRuns',
  'modelLab.showBackends',
  'modelLab.installBackend',
];

export function activationSuite(): void {
  suite('Activation', () => {
    test('the extension is installed from the development folder and activates with its API', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} not found`);
      const api = await getApi();
      assert.ok(ext.isActive, 'extension is not active after activate()');
      for (const m of ['train', 'activeRunIds', 'listRuns', 'openDashboards', 'describeTree'] as const) {
        assert.equal(typeof api[m], 'function', `api.${m} is not a function`);
      }
      assert.ok(Array.isArray(api.listRuns()), 'listRuns() is not an array');
      assert.ok(Array.isArray(api.activeRunIds()), 'activeRunIds() is not an array');
    });

    test('Show Backends reports the four backends, each tried in a process of its own', async function () {
      this.timeout(120_000);
      await getApi();
      const report = (await vscode.commands.executeCommand('modelLab.showBackends')) as { auto: string; backends: { name: string; available: boolean; reason?: string }[] } | undefined;
      assert.ok(report, 'no report');
      assert.deepEqual(report.backends.map((b) => b.name), ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
      assert.equal(report.backends.find((b) => b.name === 'wasm')?.available, true);
      for (const b of report.backends) assert.ok(b.available || b.reason, `${b.name} has neither`);
    });

    test('every contributed command is registered', async () => {
      await getApi();
      const all = new Set(await vscode.commands.getCommands(true));
      const missing = EXPECTED_COMMANDS.filter((c) => !all.has(c));
      assert.deepEqual(missing, [], `commands contributed in package.json but not registered: ${missing.join(', ')}`);
    });
  });
}
