/** A domain name in the config, normalised as devices normalise them (src/shared/domain.ts), or a clear issue. */
import { z } from 'zod';
import { normaliseDomain } from '../../../src/shared/domain';

export const schoolDomain = z.string().transform((value, context) => {
  const result = normaliseDomain(value);
  if (result.ok) return result.domain;
  context.addIssue({ code: 'custom', message: `"${value}" is not a domain name (${result.reason})` });
  return z.NEVER;
});
