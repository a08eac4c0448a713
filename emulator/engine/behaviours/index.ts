/** Engine behaviours more specific than the generic ones, by operationId. */
import type { Behaviour } from '../engine';
import { connectionBehaviours } from './connections';
import { dialectBehaviours } from './dialects';
import { embedSuggestionBehaviours } from './embed-suggestions';
import { layoutBehaviours } from './layouts';
import { projectBehaviours } from './projects';
import { settingsBehaviours } from './settings';
import { specBehaviours } from './spec-document';
import { sqlRunnerBehaviours } from './sql-runner';
import { themeBehaviours } from './themes';

export const BEHAVIOURS: Record<string, Behaviour> = {
  ...specBehaviours,
  ...themeBehaviours,
  ...layoutBehaviours,
  ...connectionBehaviours,
  ...dialectBehaviours,
  ...projectBehaviours,
  ...embedSuggestionBehaviours,
  ...sqlRunnerBehaviours,
  ...settingsBehaviours,
};
