/** All implemented operations, by operationId. Anything else answers 501. */
import type { HandlerTable } from '../core/context';
import { alertHandlers } from './alerts';
import { contentHandlers } from './content';
import { dashboardHandlers } from './dashboards';
import { folderHandlers } from './folders';
import { lookHandlers } from './looks';
import { lookmlHandlers } from './lookml';
import { queryHandlers } from './queries';
import { queryTaskHandlers } from './query-tasks';
import { renderTaskHandlers } from './render-tasks';
import { roleGroupHandlers } from './roles-groups';
import { scheduledPlanHandlers } from './scheduled-plans';
import { sessionHandlers } from './session';
import { userAttributeHandlers } from './user-attributes';
import { userHandlers } from './users';

export const HANDLERS: HandlerTable = {
  ...sessionHandlers,
  ...userHandlers,
  ...userAttributeHandlers,
  ...roleGroupHandlers,
  ...folderHandlers,
  ...dashboardHandlers,
  ...lookHandlers,
  ...contentHandlers,
  ...queryHandlers,
  ...queryTaskHandlers,
  ...renderTaskHandlers,
  ...lookmlHandlers,
  ...scheduledPlanHandlers,
  ...alertHandlers,
};
