export { resolveData, type DataContext } from './prepare';
export type { PreparedData, ArraySplit } from './types';
export { createRng, permutation, shuffleInPlace, rngNormal, type Rng } from './rng';
export { parseCsv, readNumericCsv } from './csv';
export { BUILTIN_NAMES } from './builtin';
