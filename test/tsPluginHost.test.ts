// The rules of the TypeScript server plugin's module resolution wrapper, on a stub language service host
// (test/tsPlugin.test.ts drives the real tsserver): only failed resolutions of its own names are filled in,
// everything else passes through untouched, and an error inside falls back to TypeScript's own result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const repo = path.resolve(__dirname, '..');
const init = require(path.join(repo, 'ts-plugin', 'index.js')) as (modules: { typescript: typeof ts }) => ts.server.PluginModule;

type Resolve = NonNullable<ts.LanguageServiceHost['resolveModuleNameLiterals']>;

const found = (file: string): ts.ResolvedModuleWithFailedLookupLocations => ({
  resolvedModule: { resolvedFileName: file, extension: ts.Extension.Dts, isExternalLibraryImport: true },
});
const missing: ts.ResolvedModuleWithFailedLookupLocations = { resolvedModule: undefined };

/** The plugin applied to a stub host whose own resolution answers `answer(name)`; returns the wrapped resolver. */
function wrapped(answer: (literal: ts.StringLiteralLike) => ts.ResolvedModuleWithFailedLookupLocations, logs: string[] = [], currentDirectory = '/tmp') {
  const host = {
    resolveModuleNameLiterals: ((literals) => literals.map(answer)) as Resolve,
  } as ts.LanguageServiceHost;
  const project = {
    projectService: { logger: { info: (m: string) => logs.push(m) } },
    getProjectName: () => 'stub',
    getCurrentDirectory: () => currentDirectory,
  };
  const languageService = {} as ts.LanguageService;
  const returned = init({ typescript: ts }).create({ languageServiceHost: host, project, languageService, config: {} } as unknown as ts.server.PluginCreateInfo);
  assert.equal(returned, languageService, 'the plugin returns the language service itself');
  const resolveLiterals = host.resolveModuleNameLiterals!;
  const resolve = (names: string[], containingFile = '/tmp/ws/a.model.ts') =>
    resolveLiterals(names.map((n) => ts.factory.createStringLiteral(n)), containingFile, undefined, {}, undefined as unknown as ts.SourceFile, undefined);
  return Object.assign(resolve, { resolveLiterals });
}

test('fills in modellab and tfjs packages only when TypeScript cannot resolve them', () => {
  const resolve = wrapped(() => missing);
  const [sdk, tfjs, core, layers, backend, other, deep] = resolve(['modellab', '@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', 'lodash', '@tensorflow/tfjs-core/dist/ops/ops']);
  assert.equal(path.resolve(sdk.resolvedModule!.resolvedFileName), path.join(repo, 'dist', 'types', 'modellab.d.ts'));
  assert.equal(fs.realpathSync(tfjs.resolvedModule!.resolvedFileName), fs.realpathSync(path.join(repo, 'node_modules', '@tensorflow', 'tfjs', 'dist', 'index.d.ts')));
  assert.equal(tfjs.resolvedModule!.packageId?.name, '@tensorflow/tfjs');
  assert.match(core.resolvedModule!.resolvedFileName, /tfjs-core\/dist\/index\.d\.ts$/);
  assert.match(layers.resolvedModule!.resolvedFileName, /tfjs-layers\/dist\/index\.d\.ts$/);
  assert.equal(backend, missing, 'packages the engine does not map at training time are left alone');
  assert.equal(other, missing, 'other names are left alone');
  assert.equal(deep, missing, 'deep imports are left alone');
});

test('never replaces a resolution that succeeded, and passes unrelated files through untouched', () => {
  const users = found('/tmp/ws/node_modules/@tensorflow/tfjs/dist/index.d.ts');
  const resolve = wrapped((literal) => (literal.text === '@tensorflow/tfjs' || literal.text === 'modellab' ? users : missing));
  const results = resolve(['@tensorflow/tfjs', 'modellab']);
  assert.equal(results[0], users);
  assert.equal(results[1], users);

  const original = [missing, missing];
  const passthrough = wrapped(() => missing);
  const unrelated = passthrough(['lodash', './local']);
  assert.deepEqual(unrelated, original);
});

test('an error inside the plugin falls back to TypeScript\'s own result and is logged', () => {
  const logs: string[] = [];
  const own = [missing];
  const { resolveLiterals } = wrapped(() => own[0], logs);
  // A literal whose text cannot be read: TypeScript's (stub) resolution never reads it, the plugin does.
  const poisoned = [{ get text(): string { throw new Error('boom'); } }] as unknown as ts.StringLiteralLike[];
  const results = resolveLiterals(poisoned, '/tmp/ws/a.ts', undefined, {}, undefined as unknown as ts.SourceFile, undefined);
  assert.deepEqual(results, own);
  assert.equal(results[0], missing);
  assert.ok(logs.some((m) => m.includes('[modellab-typescript-plugin] resolveModuleNameLiterals failed') && m.includes('boom')), logs.join('\n'));
});
