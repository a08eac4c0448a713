/** Looker filter expressions as the emulator's query engine reads them (unit level; the SDK-level checks are in emulator-query-engine). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFilter } from '../emulator/query/filter-expressions';

const NOW = new Date('2026-11-30T15:00:00Z');
const matches = (expression: string, type: Parameters<typeof compileFilter>[1], values: unknown[]) =>
  values.filter((v) => compileFilter(expression, type, NOW)(v));

test('dates: relative periods, literals, ranges, before/after', () => {
  const days = ['2025-12-31', '2026-01-01', '2026-06-30', '2026-07-01', '2026-09-30', '2026-10-01', '2026-11-01', '2026-11-29', '2026-11-30', null];
  assert.deepEqual(matches('2026-07-01 to 2026-10-01', 'date', days), ['2026-07-01', '2026-09-30']);
  assert.deepEqual(matches('last quarter', 'date', days), ['2026-07-01', '2026-09-30']);
  assert.deepEqual(matches('this quarter', 'date', days), ['2026-10-01', '2026-11-01', '2026-11-29', '2026-11-30']);
  assert.deepEqual(matches('this year', 'date', days), days.slice(1, 9));
  assert.deepEqual(matches('last year', 'date', days), ['2025-12-31']);
  assert.deepEqual(matches('2 days', 'date', days), ['2026-11-29', '2026-11-30']);
  assert.deepEqual(matches('last 2 days', 'date', days), ['2026-11-29', '2026-11-30']);
  assert.deepEqual(matches('1 day ago', 'date', days), ['2026-11-29']);
  assert.deepEqual(matches('yesterday', 'date', days), ['2026-11-29']);
  assert.deepEqual(matches('before 2026-07-01', 'date', days), ['2025-12-31', '2026-01-01', '2026-06-30']);
  assert.deepEqual(matches('after 2026-11-01', 'date', days), ['2026-11-01', '2026-11-29', '2026-11-30']);
  assert.deepEqual(matches('before 1 day ago', 'date', days), days.slice(0, 7));
  assert.deepEqual(matches('2026-09', 'date', days), ['2026-09-30']);
  assert.deepEqual(matches('2025', 'date', days), ['2025-12-31']);
  assert.deepEqual(matches('2026-06-30 for 2 days', 'date', days), ['2026-06-30', '2026-07-01']);
  assert.deepEqual(matches('NULL', 'date', days), [null]);
  assert.deepEqual(matches('-NULL', 'date', days).length, days.length - 1);
  assert.deepEqual(matches('last month', 'date_time', ['2026-10-31 23:59:59', '2026-11-01 00:00:00']), ['2026-10-31 23:59:59']);
  assert.throws(() => compileFilter('someday', 'date', NOW), /Invalid date filter expression "someday"/);
});

test('numbers: comparisons, lists, NOT, intervals, AND/OR, NULL', () => {
  const values = [-1, 0, 3, 9.5, 10, 50, 100, 101, null];
  assert.deepEqual(matches('>=10', 'number', values), [10, 50, 100, 101]);
  assert.deepEqual(matches('[0,100]', 'number', values), [0, 3, 9.5, 10, 50, 100]);
  assert.deepEqual(matches('(0,100)', 'number', values), [3, 9.5, 10, 50]);
  assert.deepEqual(matches('[10,)', 'number', values), [10, 50, 100, 101]);
  assert.deepEqual(matches('NOT 3', 'number', values), [-1, 0, 9.5, 10, 50, 100, 101, null]);
  assert.deepEqual(matches('<>3', 'number', values).length, 8);
  assert.deepEqual(matches('3, 10, 50', 'number', values), [3, 10, 50]);
  assert.deepEqual(matches('>0 AND <10', 'number', values), [3, 9.5]);
  assert.deepEqual(matches('<0 OR >100', 'number', values), [-1, 101]);
  assert.deepEqual(matches('5 to 50', 'number', values), [9.5, 10, 50]);
  assert.deepEqual(matches('NULL', 'number', values), [null]);
  assert.deepEqual(matches('NOT NULL', 'number', values).length, 8);
  assert.deepEqual(matches('-1', 'measure', values), [-1], 'a leading minus is a negative number');
  assert.throws(() => compileFilter('lots', 'number', NOW), /Invalid number filter expression "lots"/);
});

test('strings: wildcards, exclusions, EMPTY and NULL, escapes', () => {
  const values = ['Swim', 'Suits', 'Jeans', 'Sleep & Lounge', 'Tops, Tees', '50%', '', null];
  assert.deepEqual(matches('S%', 'string', values), ['Swim', 'Suits', 'Sleep & Lounge']);
  assert.deepEqual(matches('%ee%', 'string', values), ['Sleep & Lounge', 'Tops, Tees']);
  assert.deepEqual(matches('s_im', 'string', values), ['Swim']);
  assert.deepEqual(matches('-Jeans', 'string', values), ['Swim', 'Suits', 'Sleep & Lounge', 'Tops, Tees', '50%', '', null]);
  assert.deepEqual(matches('-Jeans,-Swim', 'string', values).length, 6);
  assert.deepEqual(matches('S%,-Suits', 'string', values), ['Swim', 'Sleep & Lounge']);
  assert.deepEqual(matches('Jeans,Swim', 'string', values), ['Swim', 'Jeans']);
  assert.deepEqual(matches('EMPTY', 'string', values), ['', null]);
  assert.deepEqual(matches('-EMPTY', 'string', values).length, 6);
  assert.deepEqual(matches('NULL', 'string', values), [null]);
  assert.deepEqual(matches('-NULL', 'string', values).length, 7);
  assert.deepEqual(matches('Tops^, Tees', 'string', values), ['Tops, Tees']);
  assert.deepEqual(matches('50^%', 'string', values), ['50%']);
});
