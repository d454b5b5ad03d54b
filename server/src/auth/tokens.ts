/**
 * Bearer tokens from the policy JSON. A device token (pupils' OUs) may post
 * events and reports and read allowlists and the school lists; a staff token may also open, list
 * and end allowlists and read the class names for its picker. Tokens are compared as sha256 digests in constant time, so the
 * config may hold either the token or only its digest; tokens issued by
 * rotation are held as digests only (auth/token-book.ts knows them all).
 */
import { createHash } from 'node:crypto';
import type { TokenScope } from '../config/schema';

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
  /** The school the token belongs to (schools/scope.ts): every record it writes is that school's. */
  school: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function mayDo(caller: Caller, permission: Permission): boolean {
  return PERMISSIONS_OF[caller.scope].includes(permission);
}
