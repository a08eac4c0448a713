/** The `scale` seed for benchmarks: N dashboards, looks and users on top of the base seed. */
import type { Clock } from '../core/clock';
import { Prng } from '../core/prng';
import type { EmulatorState } from '../core/state';
import { baseSeed } from './base';
import { generateContent, generateUsers, rel, sharedFolder, standardQueries } from './generate';

export interface ScaleSeedOptions {
  dashboards?: number;
  looks?: number;
  users?: number;
}

export function scaleSeed(options: ScaleSeedOptions, seedNumber: number, clock: Clock): EmulatorState {
  const prng = new Prng(seedNumber);
  const { state, admin } = baseSeed(clock, rel(clock, 1000));
  const queries = standardQueries(state);
  const users = generateUsers(state, prng, clock, options.users ?? 1000);
  const folders = Array.from({ length: 20 }, (_, i) => sharedFolder(state, clock, `Team ${i + 1}`));
  generateContent(state, prng, clock, [admin, ...users], folders, queries, {
    dashboards: options.dashboards ?? 10_000,
    looks: options.looks ?? Math.round((options.dashboards ?? 10_000) / 2),
    elementsPerDashboard: 0,
  });
  return state;
}
