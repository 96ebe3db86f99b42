// The data module's public surface: resolve a DataSpec into PreparedData, plus the pieces other
// parts of the engine (and tests) reuse.
export { resolveData, wantsOneHot, type DataContext } from './prepare';
export type { PreparedData, ArraySplit } from './types';
export { DataError, type DatasetInfo, type RawDataset } from './raw';
export { createRng, deriveSeed, permutation, rngInt, rngNormal, shuffleInPlace, type Rng } from './rng';
export { parseCsv, loadCsvDataset, CsvSyntaxError, type ParsedCsv, type CsvHints } from './csv';
export { BUILTIN_NAMES, isBuiltinName, loadBuiltinDataset } from './builtin';
export { generateSynthetic, SYNTHETIC_NAMES, type SyntheticName } from './synthetic';
export { loadFunctionData, type FunctionData } from './functionData';
