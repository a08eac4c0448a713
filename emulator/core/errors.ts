/**
 * Looker-shaped errors. Handlers throw `ApiError`; the server turns it into
 * an `Error` or `ValidationError` JSON body with Looker's documentation_url.
 */

export interface ValidationDetail {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: ValidationDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (message = 'Not found') => new ApiError(404, message);
export const badRequest = (message: string) => new ApiError(400, message);
export const forbidden = (message = 'Forbidden') => new ApiError(403, message);
export const conflict = (message: string) => new ApiError(409, message);
export const validationFailed = (details: ValidationDetail[]) => new ApiError(422, 'Validation Failed', details);
/** Shorthand for a single-field 422. */
export const invalidField = (field: string, message: string, code = 'invalid') =>
  validationFailed([{ field, code, message }]);
export const missingField = (field: string) => invalidField(field, 'This field is required.', 'missing');

/** Looker writes path parameters as `:name` in these links (e.g. `/404/get/dashboards/:dashboard_id`). */
export function documentationUrl(status: number, method: string, pathTemplate: string): string {
  const path = pathTemplate.replace(/\{(\w+)\}/g, ':$1');
  return `https://cloud.google.com/looker/docs/r/err/4.0/${status}/${method.toLowerCase()}${path}`;
}

export function errorBody(error: ApiError, method: string, pathTemplate: string): Record<string, unknown> {
  const documentation_url = documentationUrl(error.status, method, pathTemplate);
  if (!error.details) return { message: error.message, documentation_url };
  return {
    message: error.message,
    errors: error.details.map((d) => ({ ...d, documentation_url })),
    documentation_url,
  };
}
