// Read-only jobs behind the MCP read tools (list_models, describe_explore, run_query,
// search_content). They run as short workflows on the job task queue, so Looker's 429s and
// async query polling are handled by the engine like in any other job. They are kept out of
// JOB_TYPES: list_job_types shows what an operator would start, these are lookups.
import { z } from 'zod';
import { checkNamesContract, NAME_KINDS } from '../contracts/check-names';
import { describeExploreContract, listLookmlModelsContract, runInlineQueryContract, searchContentContract } from '../contracts/read-tools';
import { defineJob, type JobType } from './job-type';

const lookmlName = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .min(1, `${what} must not be empty`)
    .max(255, `${what} must be at most 255 characters`);

// Checked with refine rather than regex so the pattern stays out of the tools/list JSON Schema.
const FIELD_NAME = /^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/;
const SORT = /^[A-Za-z0-9_]+\.[A-Za-z0-9_]+( (asc|desc))?$/;
const fieldName = z
  .string()
  .max(255)
  .refine((name) => FIELD_NAME.test(name), 'must be a field name like `view.field`');

export const ListLookmlModelsInput = z.object({}).strict();
export type ListLookmlModelsInput = z.infer<typeof ListLookmlModelsInput>;

export const DescribeExploreInput = z
  .object({ model: lookmlName('model'), explore: lookmlName('explore') })
  .strict();
export type DescribeExploreInput = z.infer<typeof DescribeExploreInput>;

export const RunInlineQueryInput = z
  .object({
    model: lookmlName('model'),
    explore: lookmlName('explore'),
    fields: z.array(fieldName, { error: 'fields must be a list of `view.field` names' }).min(1, 'name at least one field').max(50),
    /** Looker filter expressions by field, e.g. { "products.category": "Jeans" }. */
    filters: z.record(fieldName, z.string().max(1000)).optional(),
    /** "<field>" or "<field> desc". */
    sorts: z
      .array(z.string().refine((sort) => SORT.test(sort), 'must be `view.field` or `view.field desc`'))
      .max(10)
      .optional(),
    limit: z.number().int().min(1).max(5000, 'limit is at most 5000 rows').default(500),
  })
  .strict();
export type RunInlineQueryInput = z.infer<typeof RunInlineQueryInput>;

export const SearchContentInput = z
  .object({
    /** Matched case-insensitively anywhere in the title. */
    title: z.string().min(1).max(255).optional(),
    folderId: z.string().regex(/^\d+$/, 'folderId must be a numeric id').optional(),
    /** One dashboard or Look, with its tiles (fields, filters), folder and owner. */
    id: z.string().regex(/^\d+$/, 'id must be a numeric id').optional(),
    kinds: z.array(z.enum(['dashboard', 'look'])).min(1).default(['dashboard', 'look']),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict()
  .refine((input) => input.title !== undefined || input.folderId !== undefined || input.id !== undefined, {
    message: 'give a title, a folderId or an id to search for',
    path: ['title'],
  });
export type SearchContentInput = z.infer<typeof SearchContentInput>;

export const CheckNamesInput = z
  .object({
    names: z
      .array(
        z
          .object({
            kind: z.enum(NAME_KINDS),
            name: z.string().min(1).max(1000),
            dashboard: z.union([z.object({ id: z.string() }).strict(), z.object({ title: z.string() }).strict()]).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(2000),
  })
  .strict();

const read = { writes: false, tags: ['read'] };

export const listLookmlModelsJob = defineJob({
  ...read,
  contract: listLookmlModelsContract,
  purpose: 'List LookML models and their visible explores.',
  input: ListLookmlModelsInput,
  summary: () => 'List LookML models',
  target: () => 'lookml',
});

export const describeExploreJob = defineJob({
  ...read,
  contract: describeExploreContract,
  purpose: 'List the fields of an explore with label, type and description.',
  input: DescribeExploreInput,
  summary: (input) => `Describe ${input.model}::${input.explore}`,
  target: (input) => `${input.model}::${input.explore}`,
});

export const runInlineQueryJob = defineJob({
  ...read,
  contract: runInlineQueryContract,
  purpose: 'Run a query on an explore and return its rows.',
  input: RunInlineQueryInput,
  summary: (input) => `Query ${input.model}::${input.explore} (${input.fields.join(', ')})`.slice(0, 200),
  target: (input) => `${input.model}::${input.explore}`,
});

export const searchContentJob = defineJob({
  ...read,
  contract: searchContentContract,
  purpose: 'Find dashboards and looks by title or folder.',
  input: SearchContentInput,
  summary: (input) => `Search content ${input.id ? `id ${input.id}` : input.title ? `"${input.title}"` : `in folder ${input.folderId}`}`,
  target: (input) => (input.id ? `id:${input.id}` : (input.title ?? `folder:${input.folderId}`)),
});

/** Not an MCP tool: the job service's check of the names in a job's input before it starts. */
export const checkNamesJob = defineJob({
  ...read,
  contract: checkNamesContract,
  purpose: 'Which names of a job input Looker does not know.',
  input: CheckNamesInput,
  summary: (input) => `Check ${input.names.length} names`,
  target: () => 'names',
});

export const READ_TOOLS: JobType[] = [listLookmlModelsJob, describeExploreJob, runInlineQueryJob, searchContentJob, checkNamesJob];
