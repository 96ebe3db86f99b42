// Bundles a model file (TypeScript, relative imports, workspace packages) into one CommonJS script with
// an inline source map, so stack traces and layer call sites point at the user's .ts lines.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoadError } from './errors';
import { RUNTIME_MODULES } from './runtime';

export const RUNTIME_GLOBAL = '__modellabRuntime';

const runtimeFilter = new RegExp(`^(${RUNTIME_MODULES.map((m) => m.replace(/[/@.-]/g, (c) => `\\${c}`)).join('|')})$`);

const runtimePlugin: esbuild.Plugin = {
  name: 'modellab-runtime',
  setup(build) {
    build.onResolve({ filter: runtimeFilter }, (args) => ({ path: args.path, namespace: 'modellab-runtime' }));
    build.onLoad({ filter: /.*/, namespace: 'modellab-runtime' }, (args) => ({
      contents: `module.exports = globalThis.${RUNTIME_GLOBAL}(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

export interface BundledModelFile {
  /** The absolute path of the model file. */
  file: string;
  /** The name the bundle is compiled under; source maps turn its frames back into `file`'s lines. */
  bundleFile: string;
  code: string;
}

export async function bundleModelFile(file: string): Promise<BundledModelFile> {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new LoadError('file-not-found', `Model file not found: ${abs}`);
  const bundleFile = `${abs}.modellab-bundle.js`;
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [abs],
      outfile: bundleFile,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [runtimePlugin],
      absWorkingDir: path.dirname(abs),
    });
  } catch (err) {
    throw bundleError(err, abs);
  }
  return { file: abs, bundleFile, code: result.outputFiles[0].text };
}

function bundleError(err: unknown, file: string): LoadError {
  const failure = err as esbuild.BuildFailure;
  const first = failure.errors?.[0];
  if (!first) return new LoadError('syntax', `Could not build ${file}: ${String(err)}`);
  const loc = first.location;
  const location = loc ? { file: path.resolve(path.dirname(file), loc.file), line: loc.line, column: loc.column + 1 } : undefined;
  const details = loc ? `  ${loc.lineText}\n  ${' '.repeat(loc.column)}^` : undefined;
  const more = failure.errors.length > 1 ? ` (and ${failure.errors.length - 1} more error${failure.errors.length > 2 ? 's' : ''})` : '';
  return new LoadError('syntax', `${first.text}${more}`, location, details);
}
