// runLook's contract: input (schema in jobs/run-look.ts), result, queries, search attributes.
import type { z } from 'zod';
import type { LookQuery } from '../activities/looks';
import type { RunLookInput as RunLookInputSchema } from '../jobs/run-look';
import { jobContract } from './job';

export type RunLookInput = z.infer<typeof RunLookInputSchema>;

export interface RunLookResult {
  look: { id: string; title: string; folderName: string | null; lookUrl: string };
  /** The Look's saved query: what its rows answer. */
  query: LookQuery;
  rowCount: number;
  /** The rows; past 100, the first 100, with rowsPath (a JSON array of every row in the file store). */
  rows: unknown[];
  rowsPath?: string;
}

export const runLookContract = jobContract('runLook');
