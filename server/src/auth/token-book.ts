/**
 * Every token the endpoint knows: the config file's and those issued by rotation (stored as sha256 only), each
 * with its retirement if one is set. Read from the database at most every few seconds, so a rotation made by
 * any endpoint process (or the CLI) reaches every other process within that time; the process that made a
 * change forgets its copy at once.
 */
import { timingSafeEqual } from 'node:crypto';
import type { TokenConfig, TokenScope } from '../config/schema';
import type { IssuedToken, TokenRetirement, TokenStore } from '../store/store';
import { SINGLE_SCHOOL_ID } from '../schools/scope';
import { sha256Hex, type Caller } from './tokens';

export const TOKEN_CACHE_MS = 5_000;

export interface KnownToken {
  digest: string;
  label: string;
  scope: TokenScope;
  school: string;
  source: 'config' | 'issued';
  /** Null for a config token: the file does not say when it was made. */
  issuedAt: Date | null;
  issuedBy: string | null;
  retiresAt: Date | null;
}

export type Identified = { caller: Caller } | { retired: { label: string; at: Date } } | null;

export function configDigest(token: TokenConfig): string {
  return 'token' in token ? sha256Hex(token.token) : token.tokenSha256;
}

/** The config's tokens first, then issued ones oldest first; a digest both in the config and issued is listed once (the config's). */
export function knownTokens(config: readonly TokenConfig[], issued: readonly IssuedToken[], retirements: readonly TokenRetirement[]): KnownToken[] {
  const retiresAt = new Map(retirements.map((retirement) => [retirement.digest, retirement.retiresAt]));
  const known: KnownToken[] = config.map((token) => {
    const digest = configDigest(token);
    return { digest, label: token.label, scope: token.scope, school: token.school ?? SINGLE_SCHOOL_ID, source: 'config', issuedAt: null, issuedBy: null, retiresAt: retiresAt.get(digest) ?? null };
  });
  const seen = new Set(known.map((token) => token.digest));
  for (const token of issued) {
    if (seen.has(token.digest)) continue;
    seen.add(token.digest);
    known.push({ digest: token.digest, label: token.label, scope: token.scope, school: token.school, source: 'issued', issuedAt: token.issuedAt, issuedBy: token.issuedBy, retiresAt: retiresAt.get(token.digest) ?? null });
  }
  return known;
}

export function isAccepted(token: KnownToken, now: Date): boolean {
  return token.retiresAt === null || token.retiresAt > now;
}

/** Who a presented token is, or that it was retired, or nobody. Every entry is compared, so timing says nothing about which matched. */
export function identifyAmong(known: readonly KnownToken[], presented: string, now: Date): Identified {
  const digest = Buffer.from(sha256Hex(presented), 'hex');
  let found: KnownToken | null = null;
  for (const token of known) {
    if (timingSafeEqual(Buffer.from(token.digest, 'hex'), digest) && !found) found = token;
  }
  if (!found) return null;
  if (!isAccepted(found, now)) return { retired: { label: found.label, at: found.retiresAt! } };
  return { caller: { label: found.label, scope: found.scope, school: found.school } };
}

export class TokenBook {
  private cached: { known: KnownToken[]; readAt: number } | null = null;

  constructor(
    private readonly config: readonly TokenConfig[],
    private readonly store: TokenStore,
    /** The time retirements are compared with (the app's clock, which tests move). */
    private readonly now: () => Date,
    private readonly cacheMs: number = TOKEN_CACHE_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  async known(): Promise<KnownToken[]> {
    if (this.cached && this.clock() - this.cached.readAt < this.cacheMs) return this.cached.known;
    const [issued, retirements] = await Promise.all([this.store.issued(), this.store.retirements()]);
    this.cached = { known: knownTokens(this.config, issued, retirements), readAt: this.clock() };
    return this.cached.known;
  }

  /** After this process changed the tokens: the next request reads them again. */
  forget(): void {
    this.cached = null;
  }

  async identify(presented: string): Promise<Identified> {
    return identifyAmong(await this.known(), presented, this.now());
  }
}
