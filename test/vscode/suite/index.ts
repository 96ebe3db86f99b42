// The extension-test runner VS Code loads (extensionTestsPath = out/test/suite/index.js, bundled by
// scripts/vscode-test/build.mjs). Runs in the real extension host of code-server's VS Code server
// (scripts/vscode-test/run-integration.mjs) or of a desktop VS Code (test/vscode/runDesktop.mjs).
// MODELLAB_TEST_SCENARIO picks the scenarios: `trusted` (default) or `restricted`;
// MODELLAB_TEST_GREP narrows to tests whose full title matches.
import Mocha from 'mocha';
import { activationSuite } from './activation.test';
import { codeLensSuite } from './codelens.test';
import { diagnosticsSuite } from './diagnostics.test';
import { errorsSuite } from './errors.test';
import { restrictedSuite } from './restricted.test';
import { stopSuite } from './stop.test';
import { trainingSuite } from './training.test';
import { workflowSuite } from './workflow.test';

const SCENARIOS: Record<string, (() => void)[]> = {
  trusted: [activationSuite, codeLensSuite, trainingSuite, diagnosticsSuite, stopSuite, errorsSuite, workflowSuite],
  restricted: [activationSuite, restrictedSuite],
};

export async function run(): Promise<void> {
  const scenario = process.env.MODELLAB_TEST_SCENARIO || 'trusted';
  const suites = SCENARIOS[scenario];
  if (!suites) throw new Error(`MODELLAB_TEST_SCENARIO=${scenario}: expected one of ${Object.keys(SCENARIOS).join(', ')}`);
  const mocha = new Mocha({
    ui: 'tdd',
    timeout: Number(process.env.MODELLAB_TEST_TIMEOUT_MS) || 180_000,
    color: false,
    reporter: 'spec',
    grep: process.env.MODELLAB_TEST_GREP || undefined,
  });
  // The suites are bundled into this file: install the tdd globals (suite/test/setup) and register them.
  mocha.suite.emit('pre-require', globalThis, 'modellab-suite', mocha);
  mocha.suite.title = `Model Lab (${scenario})`;
  for (const register of suites) register();
  console.log(`[modellab-suite] scenario ${scenario}, node ${process.version}, ${new Date().toISOString()}`);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} Model Lab integration test(s) failed (scenario ${scenario})`);
}
