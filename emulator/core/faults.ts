/**
 * Scripted faults for tests. Each fault applies to the next `count` matching
 * /api/4.0 calls (optionally only one operationId), then disappears.
 */

export type Fault =
  /** Answer with this status and a JSON Error body instead of handling the call. */
  | { kind?: 'status'; status: 405 | 429 | 500 | 501 | 502 | 503; count: number; operation?: string; retryAfterSeconds?: number; ratelimitResetSeconds?: number; message?: string }
  /** Destroy the socket without answering (the call is NOT applied). */
  | { kind: 'reset'; count: number; operation?: string }
  /** Apply the call, then destroy the socket: the client never sees the answer. */
  | { kind: 'drop-after-apply'; count: number; operation?: string }
  /** The next `count` render tasks end in `failure`. */
  | { kind: 'render-failure'; count: number };

export type FaultKind = NonNullable<Fault['kind']>;

export class FaultQueue {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    if (!(fault.count > 0)) throw new Error('fault.count must be a positive number');
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Consumes one use of the first fault of `kind` that matches the operation. */
  take<K extends FaultKind>(kind: K, operationId?: string): Extract<Fault, { kind?: K }> | undefined {
    const index = this.faults.findIndex(
      (f) => (f.kind ?? 'status') === kind && (!('operation' in f) || !f.operation || f.operation === operationId),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.count -= 1;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return fault as Extract<Fault, { kind?: K }>;
  }
}
