// Errors the job service reports to its callers (MCP tools, CLI) as plain, actionable text.
import type { z } from 'zod';

/** Something the caller asked for that cannot be done as asked; nothing was started or changed. */
export class JobRequestError extends Error {
  override name = 'JobRequestError';
}

/** A job input that failed its zod schema; `issues` has one line per bad field. */
export class JobInputError extends JobRequestError {
  override name = 'JobInputError';
  constructor(
    readonly type: string,
    readonly issues: string[],
  ) {
    super(`Invalid input for ${type}:\n${issues.map((line) => `- ${line}`).join('\n')}`);
  }
}

/**
 * `email: email must be a valid email address`, one per issue; the path names the field. An
 * issue inside one of `rowLists` (a job's list of users, its CSV) names the row counted from 1:
 * `row 3: email: email must be a valid email address`.
 */
export function describeInputIssues(error: z.ZodError, rowLists: string[] = []): string[] {
  return error.issues.map((issue) => {
    const [list, row, ...field] = issue.path;
    if (typeof list === 'string' && rowLists.includes(list) && typeof row === 'number') {
      return [`row ${row + 1}`, field.map(String).join('.'), issue.message].filter(Boolean).join(': ');
    }
    return `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`;
  });
}
