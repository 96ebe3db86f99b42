// Runs a bundled model file in this process and collects the experiments it exports.
import Module from 'node:module';
import * as path from 'node:path';
import { isExperiment } from '../../sdk/index';
import type { Experiment } from '../../sdk/types';
import { userCallSite } from '../../sdk/location';
import { bundleModelFile, RUNTIME_GLOBAL } from './bundle';
import { LoadError } from './errors';
import { runtimeModule } from './runtime';

export interface LoadedExperiment {
  /** The export's name in the module ('default' for a default export). */
  exportName: string;
  experiment: Experiment;
}

export interface LoadedModelFile {
  file: string;
  experiments: LoadedExperiment[];
}

type CompilableModule = Module & { _compile(code: string, filename: string): void; paths: string[] };
const ModuleInternals = Module as unknown as { _nodeModulePaths(dir: string): string[] };

/** Bundles and evaluates a model file. Errors carry the file:line:column of the user's code. */
export async function loadModelFile(file: string): Promise<LoadedModelFile> {
  const bundle = await bundleModelFile(file);
  // Stack traces (and so layer call sites) map back to the .ts lines through the inline source map.
  process.setSourceMapsEnabled(true);
  (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] = runtimeModule;
  const mod = new Module(bundle.bundleFile) as CompilableModule;
  mod.filename = bundle.bundleFile;
  mod.paths = ModuleInternals._nodeModulePaths(path.dirname(bundle.file));
  try {
    mod._compile(bundle.code, bundle.bundleFile);
  } catch (err) {
    throw userCodeError('module-threw', `Loading ${path.basename(bundle.file)} threw`, err);
  }
  const experiments: LoadedExperiment[] = [];
  for (const [exportName, value] of Object.entries(mod.exports as Record<string, unknown>)) {
    if (isExperiment(value)) experiments.push({ exportName, experiment: value });
  }
  if (experiments.length === 0) {
    throw new LoadError('no-experiment', `${bundle.file} exports no experiment. Add: export const myModel = experiment({ name, data, model, loss, ... })`, { file: bundle.file, line: 1, column: 1 });
  }
  return { file: bundle.file, experiments };
}

/** Picks one experiment by its `name` or export name; the first one when no name is given. */
export function selectExperiment(loaded: LoadedModelFile, name?: string): LoadedExperiment {
  if (!name) return loaded.experiments[0];
  const found = loaded.experiments.find((e) => e.experiment.config.name === name || e.exportName === name);
  if (found) return found;
  const names = loaded.experiments.map((e) => `'${e.experiment.config.name}'`).join(', ');
  throw new LoadError('unknown-experiment', `No experiment named '${name}' in ${loaded.file}. It has: ${names}`, { file: loaded.file, line: 1, column: 1 });
}

/** Wraps an exception thrown by user code, locating it at the deepest frame in the user's files. */
export function userCodeError(code: 'module-threw' | 'model-threw' | 'data-error', what: string, err: unknown): LoadError {
  const e = err instanceof Error ? err : new Error(String(err));
  const location = userCallSite(e.stack);
  return new LoadError(code, `${what}: ${e.message}`, location, undefined);
}
