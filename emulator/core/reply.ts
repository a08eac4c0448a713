/**
 * What a handler returns: either a plain value (sent as 200 JSON) or a
 * `Reply` when it needs a different status, content type or headers.
 */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown = undefined,
    readonly contentType: string | undefined = undefined,
    readonly headers: Record<string, string> = {},
  ) {}

  /** Empty body: Looker sends no JSON content type, and the SDK would choke on one. */
  static empty(status: 202 | 204, headers: Record<string, string> = {}): Reply {
    return new Reply(status, undefined, undefined, headers);
  }

  static text(body: string, contentType: string): Reply {
    return new Reply(200, body, contentType);
  }

  static binary(body: Buffer, contentType: string): Reply {
    return new Reply(200, body, contentType);
  }

  static json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
    return new Reply(status, body, 'application/json', headers);
  }
}
