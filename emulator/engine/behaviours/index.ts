/** Engine behaviours more specific than the generic ones, by operationId. */
import type { Behaviour } from '../engine';
import { layoutBehaviours } from './layouts';
import { specBehaviours } from './spec-document';
import { themeBehaviours } from './themes';

export const BEHAVIOURS: Record<string, Behaviour> = {
  ...specBehaviours,
  ...themeBehaviours,
  ...layoutBehaviours,
};
