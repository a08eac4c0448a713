// A saved Look with its query definition: what runLook runs and reports.
import { ApplicationFailure } from '@temporalio/activity';
import type { IQuery } from '@looker/sdk';
import { ifFound } from './looker-api-error';
import type { LookerClient } from './looker-client';

/** A query definition, with the explore named `explore` (Looker's query body calls it `view`). */
export interface LookQuery {
  model: string;
  explore: string;
  fields: string[];
  filters: Record<string, string>;
  sorts: string[];
  pivots: string[];
  limit: string | null;
}

export interface LookDefinition {
  id: string;
  title: string;
  folderName: string | null;
  queryId: string;
  query: LookQuery;
}

const QUERY_FIELDS = 'model,view,fields,filters,sorts,pivots,limit';

export function queryDefinition(query: IQuery | null | undefined): LookQuery {
  return {
    model: query?.model ?? '',
    explore: query?.view ?? '',
    fields: query?.fields ?? [],
    filters: (query?.filters as Record<string, string> | null | undefined) ?? {},
    sorts: query?.sorts ?? [],
    pivots: query?.pivots ?? [],
    limit: query?.limit ?? null,
  };
}

export function createLookActivities({ looker }: { looker: LookerClient }) {
  return {
    /** A Look's title, folder and saved query; ContentNotFound when there is no such Look (or it is in the Trash). */
    async lookDefinition(input: { lookId: string }): Promise<LookDefinition> {
      const look = await ifFound(
        looker.call('look', (sdk) => sdk.look(input.lookId, `id,title,deleted,folder(name),query_id,query(${QUERY_FIELDS})`)),
        undefined,
      );
      if (!look || look.deleted) throw ApplicationFailure.nonRetryable(`No Look with id ${input.lookId}${look?.deleted ? ' (it is in the Trash)' : ''}`, 'ContentNotFound');
      if (!look.query_id) throw ApplicationFailure.nonRetryable(`Look ${input.lookId} has no query`, 'ContentNotFound');
      return { id: String(look.id), title: look.title ?? '', folderName: look.folder?.name ?? null, queryId: String(look.query_id), query: queryDefinition(look.query) };
    },
  };
}
