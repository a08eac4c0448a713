/** Hand-written operations, by operationId; the spec-driven engine (emulator/engine) serves the rest. */
import type { HandlerTable } from '../core/context';
import { alertHandlers } from './alerts';
import { contentHandlers } from './content';
import { contentCopyHandlers } from './content-copy';
import { contentValidationHandlers } from './content-validation';
import { contentSearchHandlers } from './content-search';
import { dashboardLookmlHandlers } from './dashboard-lookml';
import { dashboardHandlers } from './dashboards';
import { folderHandlers } from './folders';
import { groupHierarchyHandlers } from './group-hierarchy';
import { lookHandlers } from './looks';
import { lookmlHandlers } from './lookml';
import { queryHandlers } from './queries';
import { queryTaskHandlers } from './query-tasks';
import { renderTaskHandlers } from './render-tasks';
import { roleAssignmentHandlers } from './role-assignments';
import { roleGroupHandlers } from './roles-groups';
import { scheduledPlanHandlers } from './scheduled-plans';
import { serviceAccountHandlers } from './service-accounts';
import { sessionHandlers } from './session';
import { sessionListHandlers } from './sessions';
import { userAttributeGroupHandlers } from './user-attribute-groups';
import { userAttributeHandlers } from './user-attributes';
import { userCredentialHandlers } from './user-credentials';
import { userEmbedHandlers } from './user-embed';
import { userHandlers } from './users';

export const HANDLERS: HandlerTable = {
  ...sessionHandlers,
  ...sessionListHandlers,
  ...userHandlers,
  ...userCredentialHandlers,
  ...userEmbedHandlers,
  ...serviceAccountHandlers,
  ...userAttributeHandlers,
  ...userAttributeGroupHandlers,
  ...roleGroupHandlers,
  ...roleAssignmentHandlers,
  ...groupHierarchyHandlers,
  ...folderHandlers,
  ...dashboardHandlers,
  ...dashboardLookmlHandlers,
  ...lookHandlers,
  ...contentHandlers,
  ...contentSearchHandlers,
  ...contentCopyHandlers,
  ...contentValidationHandlers,
  ...queryHandlers,
  ...queryTaskHandlers,
  ...renderTaskHandlers,
  ...lookmlHandlers,
  ...scheduledPlanHandlers,
  ...alertHandlers,
};
