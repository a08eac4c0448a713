/** One engine per process: the spec and its classification are shared by every emulator instance. */
import { loadSpec } from '../core/spec';
import { BEHAVIOURS } from './behaviours';
import { DERIVED } from './behaviours/derived';
import { ResourceEngine } from './engine';

let cached: ResourceEngine | undefined;

export function loadEngine(): ResourceEngine {
  cached ??= new ResourceEngine(loadSpec(), BEHAVIOURS, DERIVED);
  return cached;
}
