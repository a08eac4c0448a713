/** Engine behaviours more specific than the generic ones, by operationId. */
import type { Behaviour } from '../engine';
import { specBehaviours } from './spec-document';
import { themeBehaviours } from './themes';

export const BEHAVIOURS: Record<string, Behaviour> = {
  ...specBehaviours,
  ...themeBehaviours,
};
