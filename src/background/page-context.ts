/**
 * What the block and warn pages need to speak to this user in the right
 * words: primary wording up to Year 6 (and when the year group is unknown,
 * since simple words read at any age), secondary from Year 7, adult for staff.
 */
import type { Audience } from '../filter/catalogue';
import { DEFAULT_CONTACT, DEFAULT_WARN_CONTINUE_MINUTES } from '../policy/defaults';
import type { Profile } from '../policy/profile';
import type { PageContext } from '../shared/messages';

export function audienceOf(profile: Pick<Profile, 'role' | 'keyStage'> | null): Audience {
  if (profile?.role === 'staff') return 'adult';
  return profile?.keyStage && ['KS3', 'KS4', 'KS5'].includes(profile.keyStage) ? 'secondary' : 'primary';
}

export function pageContext(profile: Profile | null): PageContext {
  return {
    audience: audienceOf(profile),
    contact: profile?.blockPageContact ?? DEFAULT_CONTACT,
    schoolName: profile?.schoolName ?? '',
    warnContinueMinutes: profile?.warnContinueMinutes ?? DEFAULT_WARN_CONTINUE_MINUTES,
  };
}
