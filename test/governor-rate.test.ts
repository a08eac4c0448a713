// The governor's rate rules on a pinned clock (pure logic: no Looker, no Temporal).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LookerGovernor } from '../activities/governor';

function governor(options: { ceilingRps?: number; startRps?: number } = {}) {
  let now = 1_000_000;
  const g = new LookerGovernor({ ...options, now: () => now, random: () => 0.5 });
  return {
    g,
    advance: (ms: number) => (now += ms),
    now: () => now,
    /** `n` calls answered, `perSecond` of them a second. */
    answer(n: number, perSecond: number) {
      for (let i = 0; i < n; i++) {
        now += 1000 / perSecond;
        g.onAnswered({});
      }
    },
  };
}

describe('LookerGovernor rate', () => {
  it('starts at the ceiling, or at 10 calls/s without one, and never passes the ceiling', () => {
    assert.equal(governor({ ceilingRps: 25 }).g.rateRps, 25);
    const free = governor();
    assert.equal(free.g.rateRps, 10);
    const capped = governor({ ceilingRps: 12 });
    capped.answer(200, 12);
    assert.equal(capped.g.rateRps, 12);
  });

  it('a 429 while the pace binds cuts the rate to just under what Looker answered, once per burst', () => {
    const t = governor({ ceilingRps: 40 });
    t.answer(40, 20); // Looker answered 20 calls/s
    void t.g.acquire();
    void t.g.acquire(); // the second waits for its slot: the pace binds
    t.g.onThrottled({ 'retry-after': '1' }, t.now());
    assert.equal(t.g.rateRps, 18);
    t.g.onThrottled({ 'retry-after': '1' }, t.now() + 10); // same burst
    assert.equal(t.g.rateRps, 18);
    assert.equal(t.g.stats.cuts, 1);
  });

  it('a 429 at low load (the pace does not bind) leaves the rate alone', () => {
    const t = governor({ ceilingRps: 40 });
    t.answer(3, 1);
    t.g.onThrottled({ 'retry-after': '1' }, t.now());
    assert.equal(t.g.rateRps, 40);
  });

  it('the refused caller waits at least what Looker asked, plus jitter of up to as much again', () => {
    const t = governor();
    assert.equal(t.g.onThrottled({ 'retry-after': '2' }, t.now()), 3000); // random() pinned to 0.5
    assert.equal(t.g.onThrottled({ 'ratelimit-reset': '4' }, t.now()), 6000);
  });

  it('answered calls probe upward slowly after a cut', () => {
    const t = governor({ ceilingRps: 40 });
    t.answer(40, 20);
    void t.g.acquire();
    void t.g.acquire();
    t.g.onThrottled({}, t.now());
    const cut = t.g.rateRps;
    t.answer(35, cut);
    assert.ok(t.g.rateRps > cut * 1.05 && t.g.rateRps < cut * 1.15, `${cut} → ${t.g.rateRps}`);
  });

  it('ratelimit-remaining 0 holds every caller until ratelimit-reset', async () => {
    const g = new LookerGovernor({ ceilingRps: 1000 });
    g.onAnswered({ 'ratelimit-remaining': '0', 'ratelimit-reset': '0.3' });
    const asked = Date.now();
    const slot = await g.acquire();
    assert.ok(slot - asked >= 290, `slot ${slot - asked} ms after asking`);
  });
});
