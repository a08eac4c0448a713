// A job's input at the edge: size limits, the zod schema's verdict naming every bad field, and
// files referenced by the input (e.g. bulkOnboard's `csvFile`) read in and checked before start.
import { describeInputIssues, JobInputError, JobRequestError } from './job-errors';
import type { JobType } from './job-type';
import { checkPath, type StoredFiles } from './stored-files';

/**
 * Larger inputs are refused before validation: they bloat history. A larger list travels by
 * reference instead: a file uploaded to the file store (e.g. bulkOnboard's `csvFile`).
 */
export const MAX_INPUT_BYTES = 64 * 1024;
/** The largest file an input may reference (a 10,000-user CSV is about 700 KB). */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

export function createJobInput(files: StoredFiles) {
  /** The job's parsed input, or a JobInputError naming each bad field. */
  function validateInput(job: JobType, input: unknown, maxBytes = MAX_INPUT_BYTES): unknown {
    if (job.upgradeInput) input = job.upgradeInput(input);
    const bytes = Buffer.byteLength(JSON.stringify(input ?? null));
    if (bytes > maxBytes) {
      const byFile = Object.keys(job.inputFiles ?? {});
      const hint = byFile.length ? `; upload a large list and pass it as ${byFile.join(' or ')}` : '';
      throw new JobInputError(job.type, [`(input): is ${bytes} bytes; at most ${maxBytes} allowed${hint}`]);
    }
    const parsed = job.input.safeParse(input ?? {});
    if (!parsed.success) throw new JobInputError(job.type, describeInputIssues(parsed.error, job.inputRowLists));
    return parsed.data;
  }

  /**
   * The input to start with, and the same with every referenced file read in (`checked`), which
   * is what is validated, so a bad row in an uploaded CSV is refused before anything starts.
   */
  async function inputWithFiles(job: JobType, raw: unknown): Promise<{ checked: unknown; input: unknown }> {
    const given = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const refs = Object.entries(job.inputFiles ?? {}).filter(([ref]) => given[ref] !== undefined);
    if (!refs.length) {
      const parsed = validateInput(job, raw);
      return { checked: parsed, input: parsed };
    }
    validateInput(job, raw);
    const inlined: Record<string, unknown> = { ...given };
    const problems: string[] = [];
    for (const [ref, inline] of refs) {
      delete inlined[ref];
      if (given[inline] !== undefined) problems.push(`${ref}: give ${inline} or ${ref}, not both`);
      else inlined[inline] = await fileText(ref, given[ref]).catch((error: Error) => void problems.push(error.message));
    }
    if (problems.length) throw new JobInputError(job.type, problems);
    const checked = validateInput(job, inlined, MAX_INPUT_FILE_BYTES + MAX_INPUT_BYTES) as Record<string, unknown>;
    const input = { ...checked };
    for (const [ref, inline] of refs) {
      delete input[inline];
      input[ref] = given[ref];
    }
    return { checked, input };
  }

  async function fileText(field: string, path: unknown): Promise<string> {
    try {
      if (typeof path !== 'string') throw new JobRequestError('must be a file store path (from `lookerflow files put` or upload_file)');
      return (await files.read(checkPath(path), { maxBytes: MAX_INPUT_FILE_BYTES })).data.toString('utf8');
    } catch (error) {
      if (error instanceof JobRequestError) throw new Error(`${field}: ${error.message}`);
      throw error;
    }
  }

  return { validateInput, inputWithFiles };
}
