// archiveStaleContent: find dashboards and Looks nobody has opened for a while and, once a
// person approves the list, move them to the Trash or to an archive folder.
import { z } from 'zod';
import { archiveStaleContentContract } from '../contracts/archive-stale-content';
import { defineJob } from './job-type';

const lookerId = (what: string) => z.string({ error: `${what} must be a Looker id (a string)` }).regex(/^\d+$/, `${what} must be a numeric id`);

/** A Temporal duration such as `30m`, `24h` or `7d`. */
export const durationText = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration like `30m`, `24h` or `7d`');

export const ArchiveStaleContentInput = z
  .object({
    /** Content not viewed for more than this many days is stale. */
    unusedDays: z.number().int().min(1, 'unusedDays must be at least 1').max(3650).default(90),
    contentTypes: z
      .array(z.enum(['dashboard', 'look'], { error: "contentTypes lists 'dashboard' and/or 'look'" }))
      .min(1, 'contentTypes must name at least one content type')
      .default(['dashboard', 'look']),
    /** soft_delete: to the Trash (restorable); move: into archiveFolder. */
    action: z.enum(['soft_delete', 'move'], { error: "action must be 'soft_delete' or 'move'" }),
    /** By id, or by name under Shared (created when the job first archives into it). */
    archiveFolder: z
      .union([z.object({ id: lookerId('archiveFolder.id') }).strict(), z.object({ name: z.string().min(1).max(100) }).strict()], {
        error: 'archiveFolder is { id } or { name }',
      })
      .optional(),
    exclude: z
      .object({
        /** Content directly in these folders is kept. */
        folderIds: z.array(lookerId('exclude.folderIds')).default([]),
        /** Dashboard or Look ids that are kept. */
        ids: z.array(lookerId('exclude.ids')).default([]),
      })
      .strict()
      .default({ folderIds: [], ids: [] }),
    /** Only report; change nothing. */
    dryRun: z.boolean().default(true),
    requireApproval: z.boolean().default(true),
    /** How long to wait for a decision; after that nothing is changed. */
    approvalTimeout: durationText.default('24h'),
    /** Pages of 100 items scanned per workflow run before it continues as new, which keeps each run's history small. */
    scanPagesPerRun: z.number().int().min(1).max(200).default(50).meta({ tuning: true }),
    /** Items archived per workflow run before it continues as new, for the same reason. */
    archiveItemsPerRun: z.number().int().min(1).max(2000).default(500).meta({ tuning: true }),
  })
  .strict()
  .refine((input) => input.action !== 'move' || input.archiveFolder !== undefined, {
    message: 'archiveFolder is required when action is move',
    path: ['archiveFolder'],
  });
export type ArchiveStaleContentInput = z.infer<typeof ArchiveStaleContentInput>;

export const archiveStaleContentJob = defineJob({
  contract: archiveStaleContentContract,
  purpose: 'Trash or archive dashboards and Looks unused for N days, after approval.',
  writes: true,
  tags: ['governance', 'content'],
  input: ArchiveStaleContentInput,
  names: (input) => [
    ...(input.archiveFolder && 'id' in input.archiveFolder ? [{ field: 'archiveFolder.id', kind: 'folderId' as const, name: input.archiveFolder.id }] : []),
    ...input.exclude.folderIds.map((name, i) => ({ field: `exclude.folderIds.${i}`, kind: 'folderId' as const, name })),
  ],
  summary: (input) =>
    `${input.dryRun ? 'Report' : 'Archive'} ${input.contentTypes.join(' and ')}s unused for ${input.unusedDays} days` +
    (input.dryRun ? '' : input.action === 'move' ? ' (move to archive folder)' : ' (to Trash)'),
  target: (input) => `unused>${input.unusedDays}d`,
});
