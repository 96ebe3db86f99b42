// Locating the keys of an experiment's config in its source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateConfigKeys } from '../src/engine/loader/configLocations';

const source = `import { experiment, datasets } from 'modellab';
// optimizer: not this one
export const a = experiment({
  name: 'a { tricky',
  data: datasets.iris({ validationSplit: 0.2 }),
  model: () => build({ loss: 'nested, not this' }),
  optimizer: { name: 'adam', learningRate: 0.1 },
  loss: 'categoricalCrossentropy',
  /* epochs: 99 */
  epochs: 30,
});
export const b = experiment({ name: 'b', loss: 'huber', optimizer: 'sgd' });
`;

test('finds each key of the literal, skipping strings, comments and nested objects', () => {
  const loc = locateConfigKeys('/m.ts', { file: '/m.ts', line: 3, column: 18 }, source);
  assert.deepEqual(loc.name, { file: '/m.ts', line: 4, column: 3 });
  assert.equal(loc.data?.line, 5);
  assert.equal(loc.model?.line, 6);
  assert.equal(loc.optimizer?.line, 7);
  assert.deepEqual(loc.learningRate, { file: '/m.ts', line: 7, column: 30 });
  assert.equal(loc.loss?.line, 8);
  assert.equal(loc.epochs?.line, 10);
  assert.equal(loc.batchSize, undefined);
});

test('a second experiment on one line', () => {
  const loc = locateConfigKeys('/m.ts', { file: '/m.ts', line: 12, column: 18 }, source);
  assert.deepEqual(loc.loss, { file: '/m.ts', line: 12, column: 42 });
  assert.equal(loc.optimizer?.line, 12);
  assert.equal(loc.epochs, undefined);
});
