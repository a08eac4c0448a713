/** Seed selection: every seed is a pure function of (name, seed number, clock). */
import type { Clock } from '../core/clock';
import type { EmulatorState } from '../core/state';
import { baseSeed } from './base';
import { demoSeed } from './demo';
import { scaleSeed, type ScaleSeedOptions } from './scale';

export type SeedSpec = 'empty' | 'demo' | ({ name: 'scale' } & ScaleSeedOptions);

export function buildSeed(seed: SeedSpec, seedNumber: number, clock: Clock): EmulatorState {
  if (seed === 'empty') return baseSeed(clock).state;
  if (seed === 'demo') return demoSeed(seedNumber, clock);
  if (typeof seed === 'object' && seed.name === 'scale') return scaleSeed(seed, seedNumber, clock);
  throw new Error(`Unknown seed ${JSON.stringify(seed)}; use 'empty', 'demo' or { name: 'scale', ... }`);
}

export function seedName(seed: SeedSpec): string {
  return typeof seed === 'string' ? seed : seed.name;
}
