/** When schedules and alerts fire, and when an alert's condition holds (unit level; the SDK-level checks are in emulator-deliveries). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextCronRun } from '../emulator/deliveries/cron-schedule';
import { conditionHolds } from '../emulator/deliveries/evaluate-alert';

const next = (cron: string, after: string, zone?: string) => {
  const at = nextCronRun(cron, Date.parse(after), zone);
  return at === null ? null : new Date(at).toISOString();
};

test('next firing: fields, steps, ranges, Vixie day rules, time zones with daylight saving', () => {
  assert.equal(next('0 8 * * *', '2026-11-30T07:59:00Z'), '2026-11-30T08:00:00.000Z');
  assert.equal(next('0 8 * * *', '2026-11-30T08:00:00Z'), '2026-12-01T08:00:00.000Z', 'strictly after');
  assert.equal(next('*/15 * * * *', '2026-11-30T08:01:00Z'), '2026-11-30T08:15:00.000Z');
  assert.equal(next('30 9 * * 1-5', '2026-12-04T10:00:00Z'), '2026-12-07T09:30:00.000Z', 'Friday after 09:30 -> Monday');
  assert.equal(next('0 0 29 2 *', '2026-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
  assert.equal(next('0 10 1 * 0', '2026-11-30T11:00:00Z'), '2026-12-01T10:00:00.000Z', 'day 1 OR Sunday');
  assert.equal(next('0 8 * * 7', '2026-11-30T00:00:00Z'), '2026-12-06T08:00:00.000Z', '7 is Sunday');
  assert.equal(next('0 8 * * *', '2026-07-01T00:00:00Z', 'America/New_York'), '2026-07-01T12:00:00.000Z', 'EDT');
  assert.equal(next('0 8 * * *', '2026-12-01T00:00:00Z', 'America/New_York'), '2026-12-01T13:00:00.000Z', 'EST');
  assert.equal(next('0 9 * * *', '2026-12-01T00:00:00Z', 'Asia/Kolkata'), '2026-12-01T03:30:00.000Z');
  assert.equal(next('not a cron', '2026-12-01T00:00:00Z'), null);
});

test('alert conditions, including changes since the previous evaluation', () => {
  assert.equal(conditionHolds('GREATER_THAN', 101, 100, undefined), true);
  assert.equal(conditionHolds('GREATER_THAN', 100, 100, undefined), false);
  assert.equal(conditionHolds('GREATER_THAN_OR_EQUAL_TO', 100, 100, undefined), true);
  assert.equal(conditionHolds('LESS_THAN', 5, 10, undefined), true);
  assert.equal(conditionHolds('EQUAL_TO', 10, 10, undefined), true);
  assert.equal(conditionHolds('INCREASES_BY', 130, 20, undefined), false, 'nothing to compare with on the first evaluation');
  assert.equal(conditionHolds('INCREASES_BY', 130, 20, 100), true);
  assert.equal(conditionHolds('DECREASES_BY', 70, 20, 100), true);
  assert.equal(conditionHolds('DECREASES_BY', 90, 20, 100), false);
  assert.equal(conditionHolds('CHANGES_BY', 75, 20, 100), true);
});
