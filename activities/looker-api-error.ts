// The errors LookerClient throws. They carry the HTTP status and headers of the failed call,
// which the SDK's own LookerSDKError does not. Neither ever holds a token or client secret.

export interface LookerErrorDetail {
  field?: string;
  code?: string;
  message?: string;
}

/** Looker answered with a non-2xx status. */
export class LookerApiError extends Error {
  override name = 'LookerApiError';

  constructor(
    /** The SDK method name, e.g. create_user ('login' when logging in failed). */
    readonly operation: string,
    readonly status: number,
    /** Response headers, names lower-cased. */
    readonly headers: Record<string, string>,
    /** Looker's own `message`, e.g. "Validation Failed". */
    readonly lookerMessage: string,
    /** Looker's `errors[]` for validation failures. */
    readonly errors: LookerErrorDetail[] = [],
    readonly documentationUrl?: string,
  ) {
    super(describeApiError(operation, status, lookerMessage, errors));
  }
}

/** No response arrived: connection refused/reset, DNS failure, timeout, or the call was aborted. */
export class LookerNetworkError extends Error {
  override name = 'LookerNetworkError';

  constructor(
    readonly operation: string,
    readonly reason: 'timeout' | 'aborted' | 'network',
    readonly causeMessage: string,
  ) {
    super(`Looker call ${operation} failed without a response (${reason}): ${causeMessage}`);
  }
}

/** `Looker rejected create_user (422 Validation Failed): email: invalid — must be a valid address` */
export function describeApiError(
  operation: string,
  status: number,
  lookerMessage: string,
  errors: LookerErrorDetail[],
): string {
  const verb = status >= 500 ? 'failed' : 'rejected';
  const head = `Looker ${verb} ${operation} (${[status, lookerMessage].filter(Boolean).join(' ')})`;
  if (errors.length === 0) return head;
  return `${head}: ${errors.map(describeErrorDetail).join('; ')}`;
}

function describeErrorDetail(detail: LookerErrorDetail): string {
  const where = [detail.field, detail.code].filter(Boolean).join(': ');
  return [where, detail.message].filter(Boolean).join(' — ');
}

/** Looker answered 404: no such object (or none this user may see). */
export function isNotFound(error: unknown): boolean {
  return error instanceof LookerApiError && error.status === 404;
}

/** What the call returns, or `otherwise` when Looker answers 404. */
export async function ifFound<T, Otherwise>(call: Promise<T>, otherwise: Otherwise): Promise<T | Otherwise> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) return otherwise;
    throw error;
  }
}
