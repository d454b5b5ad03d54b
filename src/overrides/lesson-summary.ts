/**
 * Who an allowlist is for, in one line for the teacher's list (pure):
 * "Y7, Y8 · class 7B · 2 named pupils".
 */
import type { OverrideAudience } from './model';

export function audienceSummary(audience: OverrideAudience): string {
  const parts: string[] = [];
  if (audience.yearGroups.length > 0) parts.push(audience.yearGroups.join(', '));
  if (audience.classes.length > 0) parts.push(`${audience.classes.length === 1 ? 'class' : 'classes'} ${audience.classes.join(', ')}`);
  if (audience.pupils.length > 0) parts.push(audience.pupils.length === 1 ? audience.pupils[0]! : `${audience.pupils.length} named pupils`);
  return parts.join(' · ');
}
