/** The dashboard's Tokens page (IT Lead only): what the API sends and takes. Shared by the endpoint and the dashboard. */
import type { TokenScope } from '../config/schema';

export const TOKENS_API = '/tokens';

export interface TokenSummary {
  /** The first 12 hex digits of its sha256: enough to tell tokens apart, nothing to use. */
  digestStart: string;
  source: 'config' | 'issued';
  issuedAt: string | null;
  issuedBy: string | null;
  retiresAt: string | null;
  state: 'in-use' | 'retiring' | 'retired';
}

export interface TokenLabel {
  label: string;
  scope: TokenScope;
  tokens: TokenSummary[];
}

export interface TokensReply {
  labels: TokenLabel[];
  trail: { at: string; actor: string; label: string; action: 'rotated' | 'retired-now'; detail: string }[];
  defaultGraceDays: number;
  maxGraceDays: number;
}

export interface RotateRequest {
  label: string;
  graceDays: number;
}

export interface RotateReply {
  label: string;
  scope: TokenScope;
  /** Shown once; the endpoint keeps only its sha256. */
  token: string;
  oldRetireAt: string | null;
  /** What to paste in the Admin console for this label's OUs: the policy, its Admin console form, and the device's check of it. */
  policyHeading: string;
  policyJson: string;
  adminConsoleJson: string;
  policyCheck: string[];
}

export interface RetireNowReply {
  retired: number;
}
