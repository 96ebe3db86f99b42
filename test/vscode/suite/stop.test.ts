import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getApi, log, safeJson, sampleFile, waitFor, withTimeout } from './helpers';

export function stopSuite(): void {
  suite('Stop', () => {
    test('modelLab.stop cancels a long run within seconds', async () => {
      const api = await getApi();
      const started = await api.train({ file: sampleFile('digits-mlp.model.ts'), epochs: 200 });
      await waitFor(`run ${started.runId} in activeRunIds()`, () => api.activeRunIds().includes(started.runId) || undefined, 15_000);
      // Let it really train before stopping it (the record shows a completed epoch).
      await waitFor(
        `run ${started.runId} to complete an epoch`,
        () => (api.listRuns().find((r) => r.runId === started.runId)?.epochsCompleted ?? 0) >= 1 || undefined,
        60_000,
        250,
      ).catch((e) => log(`(continuing) ${e instanceof Error ? e.message : e}`));
      const t0 = Date.now();
      await vscode.commands.executeCommand('modelLab.stop');
      const outcome = await withTimeout(started.done, 15_000, `run ${started.runId} to end after modelLab.stop`);
      const seconds = (Date.now() - t0) / 1000;
      log(`stop: ended ${seconds.toFixed(1)} s after modelLab.stop: ${safeJson(outcome).slice(0, 300)}`);
      assert.equal(outcome.kind, 'finished', `outcome: ${safeJson(outcome)}`);
      if (outcome.kind !== 'finished') return;
      assert.equal(outcome.finished.status, 'cancelled', `status ${outcome.finished.status}`);
      assert.ok(outcome.finished.epochsCompleted < 200, `it trained all ${outcome.finished.epochsCompleted} epochs`);
      assert.ok(seconds < 10, `stopping took ${seconds.toFixed(1)} s`);
      await waitFor(`run ${started.runId} to leave activeRunIds()`, () => !api.activeRunIds().includes(started.runId) || undefined, 5_000);
      const record = api.listRuns().find((r) => r.runId === started.runId);
      assert.equal(record?.status, 'cancelled', `recorded status ${record?.status}`);
    });
  });
}
