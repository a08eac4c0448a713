/** Engine behaviours more specific than the generic ones, by operationId. */
import type { Behaviour } from '../engine';

export const BEHAVIOURS: Record<string, Behaviour> = {};
