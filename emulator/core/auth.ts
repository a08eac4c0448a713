/** Access tokens issued by /login, with expiry by wall-clock time. */
import { randomBytes } from 'node:crypto';

export interface TokenRecord {
  /** Short id Looker shows for the API session the token opened. */
  id: string;
  token: string;
  userId: string;
  /** Set for sudo tokens: the admin who asked for it. */
  sudoBy: string | null;
  expiresMs: number;
  issuedMs: number;
}

export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private issued = 0;

  issue(userId: string, ttlSeconds: number, nowMs: number, sudoBy: string | null = null): TokenRecord {
    const record = { id: String(++this.issued), token: randomBytes(20).toString('hex'), userId, sudoBy, expiresMs: nowMs + ttlSeconds * 1000, issuedMs: nowMs };
    this.tokens.set(record.token, record);
    return record;
  }

  /** The live token record, or undefined when unknown, expired or revoked. */
  lookup(token: string, nowMs: number): TokenRecord | undefined {
    const record = this.tokens.get(token);
    if (!record) return undefined;
    if (record.expiresMs <= nowMs) {
      this.tokens.delete(token);
      return undefined;
    }
    return record;
  }

  /** A user's live sessions, oldest first. */
  forUser(userId: string, nowMs: number): TokenRecord[] {
    return [...this.tokens.values()].filter((t) => t.userId === userId && t.expiresMs > nowMs);
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  revokeAll(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }
}

/** Accepts `Bearer X` and `token X`, as Looker does. */
export function tokenFromHeader(header: string | undefined): string | undefined {
  const match = /^\s*(?:bearer|token)\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
