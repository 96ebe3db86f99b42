// @ts-check
'use strict';
/**
 * modellab-typescript-plugin: Model Lab's TypeScript language service plugin.
 *
 * Model files import `modellab` and `@tensorflow/tfjs`, which Model Lab's engine supplies itself when it
 * trains, so users install nothing. In the editor, though, TypeScript resolves imports from the user's
 * workspace and would report "Cannot find module 'modellab'" and give no IntelliSense. VS Code loads this
 * plugin into its TypeScript server (package.json `contributes.typescriptServerPlugins`) from the
 * extension's `node_modules/modellab-typescript-plugin`; it wraps the language service host's module
 * resolution so that, when TypeScript's own resolution FAILS:
 *   - `modellab` resolves to the extension's declaration files, `dist/types/modellab.d.ts` (generated from
 *     src/sdk by scripts/build-typings.mjs);
 *   - `@tensorflow/tfjs` and its packages (`-core`, `-layers`, `-data`, `-converter`, `-backend-*`)
 *     resolve to the copies in the extension's own node_modules.
 *
 * Rules it keeps:
 *   - A resolution that succeeds is never replaced (a user who installs tfjs or a `modellab` of their own
 *     keeps it). The one exception is inside Model Lab's own typings: their `@tensorflow/*` imports prefer
 *     the user's installed tfjs when there is one, so that `tf.LayersModel` in `experiment({ model })` is
 *     the same class the user's `tf.sequential()` returns (classes with private members from two different
 *     copies are not assignable to each other).
 *   - Only those import names are touched; everything else passes through unchanged.
 *   - Any error inside the plugin falls back to TypeScript's own result and is logged to the TS server log
 *     (`info.project.projectService.logger`, "TypeScript: Open TS Server log" in VS Code).
 *
 * The extension root is the nearest folder above this file whose package.json is named "modellab"
 * (in a dev checkout node_modules/modellab-typescript-plugin links to <repo>/ts-plugin; in an installed
 * extension it is <extension>/node_modules/modellab-typescript-plugin).
 *
 * Plain CommonJS so that it needs no build step; type-checked with `npx tsc -p ts-plugin/tsconfig.json`.
 * It never `require`s typescript: it uses the instance the TS server hands it.
 */

const fs = require('fs');
const path = require('path');

const PLUGIN_NAME = 'modellab-typescript-plugin';
const SDK_MODULE = 'modellab';
/** The tfjs packages the plugin may supply (bare package names only). */
// Only the tfjs packages the engine maps at training time (src/engine/loader/runtime.ts RUNTIME_MODULES): typing others would promise imports that fail when the model trains.
const TFJS_MODULE = /^@tensorflow\/tfjs(?:-(?:core|layers))?$/;
/** Where the SDK's declarations are, relative to the extension root. */
const SDK_TYPINGS = path.join('dist', 'types', 'modellab.d.ts');

/** @param {string} name */
function isTfjsModule(name) {
  return TFJS_MODULE.test(name);
}

/** @param {string} name */
function isHandledModule(name) {
  return name === SDK_MODULE || isTfjsModule(name);
}

/**
 * The nearest folder at or above `start` whose package.json is named "modellab", or undefined.
 * @param {string} start
 * @returns {string | undefined}
 */
function findExtensionRoot(start) {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    try {
      if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'modellab') return dir;
    } catch {
      // No package.json here, or not readable JSON: keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * True when `file` is `folder` or inside it (both absolute).
 * @param {string} file
 * @param {string} folder
 */
function isInside(file, folder) {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Normalises a path the way TypeScript reports file names (forward slashes) for comparisons.
 * @param {string} p
 */
function slashes(p) {
  return p.replace(/\\/g, '/');
}

/**
 * Plugin factory called by the TS server.
 * @param {{ typescript: typeof import('typescript') }} modules
 * @returns {import('typescript').server.PluginModule}
 */
function init(modules) {
  const ts = modules.typescript;

  /** @type {string | undefined} */
  let extensionRoot;
  let rootSearched = false;
  /** The extension root (found once per TS server; undefined when not found). */
  function getExtensionRoot() {
    if (!rootSearched) {
      rootSearched = true;
      extensionRoot = findExtensionRoot(__dirname);
    }
    return extensionRoot;
  }

  /** Options for resolving from the extension root: plain node_modules lookup honouring `types`/`typings`. */
  const fallbackOptions = /** @type {import('typescript').CompilerOptions} */ ({
    moduleResolution: ts.ModuleResolutionKind.Node10 ?? ts.ModuleResolutionKind.NodeJs,
  });

  /** name -> what the extension supplies for it (undefined: it cannot supply it). Same for every project. */
  /** @type {Map<string, import('typescript').ResolvedModuleFull | undefined>} */
  const supplied = new Map();

  /**
   * What the extension supplies for `name`, resolving it from the extension root.
   * @param {string} name
   * @param {(message: string) => void} log
   * @returns {import('typescript').ResolvedModuleFull | undefined}
   */
  function suppliedModule(name, log) {
    if (supplied.has(name)) return supplied.get(name);
    /** @type {import('typescript').ResolvedModuleFull | undefined} */
    let result;
    const root = getExtensionRoot();
    if (!root) {
      log(`cannot find Model Lab's package.json above ${__dirname}; '${name}' stays unresolved`);
    } else if (name === SDK_MODULE) {
      const typings = path.join(root, SDK_TYPINGS);
      if (fs.existsSync(typings)) {
        result = {
          resolvedFileName: slashes(typings),
          extension: ts.Extension.Dts,
          // Treated like a package from node_modules: a library, not one of the user's source files.
          isExternalLibraryImport: true,
        };
      } else {
        log(`Model Lab's typings are missing (${typings}; built by npm run build:typings); 'modellab' stays unresolved`);
      }
    } else {
      // Same lookup as `require.resolve` from the extension root, reading `types`/`typings`.
      const resolved = ts.resolveModuleName(name, path.join(root, '__modellab_resolve__.ts'), fallbackOptions, ts.sys).resolvedModule;
      if (resolved && resolved.extension === ts.Extension.Dts) {
        result = resolved;
      } else {
        log(`'${name}' has no typings in ${path.join(root, 'node_modules')}; it stays unresolved`);
      }
    }
    supplied.set(name, result);
    if (result) log(`'${name}' resolves to ${result.resolvedFileName} when the workspace has none`);
    return result;
  }

  /**
   * @param {import('typescript').server.PluginCreateInfo} info
   * @returns {import('typescript').LanguageService}
   */
  function create(info) {
    /** @param {string} message */
    const log = (message) => {
      try {
        info.project.projectService.logger.info(`[${PLUGIN_NAME}] ${message}`);
      } catch {
        // Logging must never break the language service.
      }
    };

    try {
      const host = info.languageServiceHost;
      const root = getExtensionRoot();
      log(`loaded for ${info.project.getProjectName()}; Model Lab extension root: ${root ?? '(not found)'}`);
      const typingsDir = root ? path.join(root, path.dirname(SDK_TYPINGS)) : undefined;

      /**
       * For an import in Model Lab's own typings of a tfjs package: the user's installed copy, resolved as
       * from the project's folder, or undefined when the user has none (TS's own result then stands).
       * @param {string} name
       * @param {string} containingFile
       * @param {import('typescript').CompilerOptions} options
       * @returns {import('typescript').ResolvedModuleFull | undefined}
       */
      const usersTfjsForTypings = (name, containingFile, options) => {
        if (!typingsDir || !isTfjsModule(name) || !isInside(path.resolve(containingFile), typingsDir)) return undefined;
        const projectDir = info.project.getCurrentDirectory();
        if (!projectDir || isInside(path.resolve(projectDir), /** @type {string} */ (root))) return undefined;
        const resolved = ts.resolveModuleName(name, path.join(projectDir, '__modellab_resolve__.ts'), options, ts.sys).resolvedModule;
        return resolved && !isInside(path.resolve(resolved.resolvedFileName), /** @type {string} */ (root)) ? resolved : undefined;
      };

      /**
       * The resolution to use for `name` in place of TS's own `original` (or `original` itself).
       * @param {string} name
       * @param {import('typescript').ResolvedModuleFull | undefined} original
       * @param {string} containingFile
       * @param {import('typescript').CompilerOptions} options
       * @returns {import('typescript').ResolvedModuleFull | undefined}
       */
      const choose = (name, original, containingFile, options) => {
        if (!isHandledModule(name)) return original;
        if (original) return usersTfjsForTypings(name, containingFile, options) ?? original;
        return suppliedModule(name, log);
      };

      // TypeScript 5 and later.
      const originalLiterals = host.resolveModuleNameLiterals;
      if (typeof originalLiterals === 'function') {
        host.resolveModuleNameLiterals = (moduleLiterals, containingFile, redirectedReference, options, containingSourceFile, reusedNames) => {
          const results = originalLiterals.call(host, moduleLiterals, containingFile, redirectedReference, options, containingSourceFile, reusedNames);
          try {
            if (!moduleLiterals.some((literal) => isHandledModule(literal.text))) return results;
            return results.map((result, i) => {
              const literal = moduleLiterals[i];
              if (!literal) return result;
              const chosen = choose(literal.text, result.resolvedModule, containingFile, options);
              // Keeps TS's failed lookup locations, so installing the package later still takes over.
              return chosen === result.resolvedModule ? result : { ...result, resolvedModule: chosen };
            });
          } catch (error) {
            log(`resolveModuleNameLiterals failed, using TypeScript's own result: ${describe(error)}`);
            return results;
          }
        };
      }

      // TypeScript 4 (the deprecated API; TS 5 prefers resolveModuleNameLiterals when both exist).
      const originalNames = host.resolveModuleNames;
      if (typeof originalNames === 'function') {
        host.resolveModuleNames = (moduleNames, containingFile, reusedNames, redirectedReference, options, containingSourceFile) => {
          const results = originalNames.call(host, moduleNames, containingFile, reusedNames, redirectedReference, options, containingSourceFile);
          try {
            if (!moduleNames.some(isHandledModule)) return results;
            return results.map((result, i) => {
              const name = moduleNames[i];
              if (name === undefined) return result;
              // A TS 4 host may return a ResolvedModule without `extension`; it still counts as resolved.
              const original = /** @type {import('typescript').ResolvedModuleFull | undefined} */ (result);
              return choose(name, original, containingFile, options) ?? result;
            });
          } catch (error) {
            log(`resolveModuleNames failed, using TypeScript's own result: ${describe(error)}`);
            return results;
          }
        };
      }
    } catch (error) {
      log(`not enabled: ${describe(error)}`);
    }
    return info.languageService;
  }

  return { create };
}

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

module.exports = init;
