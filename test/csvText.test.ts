// Your own CSV: text columns as categories (one-hot or index, inferred or declared, recorded for reloads),
// text targets, and empty cells (an error naming the cell, or dropped, or filled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCsvDataset } from '../src/engine/data/csv';
import { samples, tempDir } from './helpers';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

function csv(text: string): string {
  const file = path.join(tempDir(), 'people.csv');
  fs.writeFileSync(file, text);
  return file;
}

const PEOPLE = 'age,city,plan,churned\n31,"Paris",basic,no\n45,Lyon,pro,yes\n22,Paris,pro,no\n38,Nice,basic,yes\n';

test('text columns are one-hot encoded by default, in natural order, with their categories recorded', () => {
  const data = loadCsvDataset(csv(PEOPLE), { target: 'churned' });
  assert.deepEqual(data.featureNames, ['age', 'city=Lyon', 'city=Nice', 'city=Paris', 'plan=basic', 'plan=pro']);
  assert.deepEqual(data.featureShape, [6]);
  assert.deepEqual(Array.from(data.x.subarray(0, 6)), [31, 0, 0, 1, 1, 0]);
  assert.deepEqual(data.classNames, ['no', 'yes']);
  assert.deepEqual(Array.from(data.y), [0, 1, 0, 1]);
  assert.deepEqual(data.encoding?.find((e) => e.column === 'city'), { column: 'city', kind: 'onehot', categories: ['Lyon', 'Nice', 'Paris'] });
});

test('index encoding, declared columns and ignored columns', () => {
  const indexed = loadCsvDataset(csv(PEOPLE), { target: 'churned', categorical: 'index' });
  assert.deepEqual(indexed.featureNames, ['age', 'city', 'plan']);
  assert.deepEqual(Array.from(indexed.x.subarray(0, 3)), [31, 2, 0]);
  const declared = loadCsvDataset(csv(PEOPLE), { target: 'churned', columns: { city: 'ignore', plan: 'index' } });
  assert.deepEqual(declared.featureNames, ['age', 'plan']);
  assert.throws(() => loadCsvDataset(csv(PEOPLE), { target: 'churned', columns: { cty: 'ignore' } }), /no column "cty" in .*people\.csv — did you mean "city"\?/);
  assert.throws(() => loadCsvDataset(csv(PEOPLE), { target: 'churned', columns: { city: 'number' } }), /Non-numeric value "Paris" in column "city" at .*people\.csv:2 \(the column is declared 'number'/);
});

test('a reload encodes with the categories the run recorded; a category it never saw is an error at its line', () => {
  const first = loadCsvDataset(csv(PEOPLE), { target: 'churned' });
  const fewer = loadCsvDataset(csv('age,city,plan,churned\n50,Nice,pro,no\n'), { target: 'churned' }, { encoding: first.encoding });
  assert.deepEqual(fewer.featureNames, first.featureNames, 'the same columns even though the file holds one city');
  assert.deepEqual(Array.from(fewer.x), [50, 0, 1, 0, 0, 1]);
  assert.throws(() => loadCsvDataset(csv('age,city,plan,churned\n50,Rome,pro,no\n'), { target: 'churned' }, { encoding: first.encoding }), /Value "Rome" in column "city" at .*people\.csv:2 is not one of the categories the run was trained with \("Lyon", "Nice", "Paris"\)/);
});

test('empty cells: an error naming the cell and the options by default; drop or fill on request', () => {
  const text = 'age,city,churned\n31,Paris,no\n,Lyon,yes\n22,NA,no\n38,Nice,yes\n';
  assert.throws(() => loadCsvDataset(csv(text), { target: 'churned' }), /Missing value in column "age" at .*people\.csv:3: fill it in, or set the csv option missing: 'drop' .* or 'fill'/);
  const dropped = loadCsvDataset(csv(text), { target: 'churned', missing: 'drop' });
  assert.equal(dropped.count, 2);
  const filled = loadCsvDataset(csv(text), { target: 'churned', missing: 'fill', fillValue: -1 });
  assert.equal(filled.count, 4);
  assert.equal(filled.x[filled.featureNames!.length * 1], -1, 'the empty age');
  assert.ok(filled.featureNames!.includes('city=(missing)'), filled.featureNames!.join(', '));
  assert.throws(() => loadCsvDataset(csv('age,churned\n31,\n'), { target: 'churned', missing: 'fill' }), /Missing target value in column "churned" at .*:2/);
  assert.throws(() => loadCsvDataset(csv('age,income,churned\n31,100,no\n44,12k,yes\n'), { target: 'churned' }), /Non-numeric value "12k" in column "income" at .*:3 \(the column's other cells are numbers/);
});

test('the diabetes-text sample (text column, text target, empty cells) trains, evaluates and exports verified', () => {
  const runsDir = tempDir();
  const r = spawnSync(process.execPath, [cli, 'train', path.join(samples, 'diabetes-text.model.ts'), '--epochs', '4', '--json', '--runs-dir', runsDir], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const started = events.find((e) => e.type === 'run-started');
  assert.deepEqual(started.config.data.resolved.encoding.find((e: { column: string }) => e.column === 'sex'), { column: 'sex', kind: 'onehot', categories: ['sex-1', 'sex-2'] });
  const finished = events.at(-1);
  assert.equal(finished.status, 'completed');
  const evaluated = spawnSync(process.execPath, [cli, 'evaluate', finished.runId, '--runs-dir', runsDir, '--json'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.ok(JSON.parse(evaluated.stdout.trim()).metrics.test_accuracy > 0.3);
  const exported = spawnSync(process.execPath, [cli, 'export', finished.runId, '--runs-dir', runsDir, '--json'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(exported.status, 0, exported.stderr);
  assert.equal(JSON.parse(exported.stdout.trim().split('\n').at(-1)!).verification.passed, true);
});
