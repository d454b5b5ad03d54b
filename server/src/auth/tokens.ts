/**
 * Bearer tokens from the policy JSON. A device token (pupils' OUs) may post
 * events and reports and read allowlists and the school lists; a staff token may also open, list
 * and end allowlists and read the class names for its picker. Tokens are compared as sha256 digests in constant time, so the
 * config may hold either the token or only its digest.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenConfig, TokenScope } from '../config/schema';

export const PERMISSIONS = ['events:write', 'reports:write', 'overrides:read', 'overrides:write', 'classes:read', 'school-lists:read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const PERMISSIONS_OF: Record<TokenScope, readonly Permission[]> = {
  // Reading the school lists is every device's; changing them is no token's (dashboard accounts only).
  device: ['events:write', 'reports:write', 'overrides:read', 'school-lists:read'],
  staff: ['events:write', 'reports:write', 'overrides:read', 'overrides:write', 'classes:read', 'school-lists:read'],
};

export interface Caller {
  label: string;
  scope: TokenScope;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function mayDo(caller: Caller, permission: Permission): boolean {
  return PERMISSIONS_OF[caller.scope].includes(permission);
}

export class TokenRegistry {
  private readonly entries: { digest: Buffer; caller: Caller }[];

  constructor(tokens: readonly TokenConfig[]) {
    this.entries = tokens.map((token) => ({
      digest: Buffer.from('token' in token ? sha256Hex(token.token) : token.tokenSha256, 'hex'),
      caller: { label: token.label, scope: token.scope },
    }));
  }

  /** The caller a presented token belongs to, or null. Every entry is checked, so timing says nothing about which. */
  identify(presented: string): Caller | null {
    const digest = Buffer.from(sha256Hex(presented), 'hex');
    let found: Caller | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest) && !found) found = entry.caller;
    }
    return found;
  }
}
