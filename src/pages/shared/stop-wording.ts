/**
 * What the block and warn pages say, by reason and audience (pure, unit
 * tested). Pupils get the category in words for their age from the
 * catalogue; `illegal` gets a generic message that names nothing, because
 * the feed's addresses and categories must not be echoed back.
 */
import { type Audience, categoryLabel } from '../../filter/catalogue';
import { isCategoryId } from '../../shared/categories';
import { isSchoolStop, type SchoolStopReason } from '../../shared/pages';

/**
 * The school's own lists. A pupil needs only "your school's list"; staff (the
 * IT Lead at a device, a teacher asked about it) are told which one, since the
 * two are changed in different places: the policy in the Google Admin console,
 * the dashboard's list on the school endpoint.
 */
function schoolListBecause(reason: SchoolStopReason, audience: Audience): string {
  if (audience !== 'adult') return "This website is on your school's list of blocked websites.";
  return reason === 'school'
    ? "On your school's list: the blockDomains in the filter's policy (Google Admin console)."
    : "On your school's list: the block list on the school's filtering dashboard.";
}

export interface BlockWording {
  title: string;
  /** Why, in a sentence; null for the generic illegal message. */
  because: string | null;
  /** Whether the page may show the address it was given. */
  showAddress: boolean;
}

/**
 * A stop no list made: the on-device classifier's guess from the site's name (issue 20). Said as a
 * guess, so "I think this is wrong" is the obvious answer when it is.
 */
function classifiedBecause(label: string, audience: Audience): string {
  return audience === 'adult'
    ? `Looks like: ${label}. No list names this site; the filter's on-device classifier judged it from its name.`
    : `Looks like: ${label}. The filter guessed this from the website's name. If it is wrong, press "I think this is wrong".`;
}

export function blockWording(reason: string | null, audience: Audience, classified = false): BlockWording {
  if (reason === 'illegal') {
    return { title: 'This page cannot be shown', because: null, showAddress: false };
  }
  const title = audience === 'primary' ? 'You cannot visit this page' : 'This page is blocked';
  if (classified && isCategoryId(reason)) return { title, because: classifiedBecause(categoryLabel(reason, audience), audience), showAddress: true };
  if (isSchoolStop(reason)) return { title, because: schoolListBecause(reason, audience), showAddress: true };
  if (isCategoryId(reason)) {
    const label = categoryLabel(reason, audience);
    return {
      title,
      because: audience === 'adult' ? `Blocked by school policy: ${label}.` : `It looks like ${label}, so your school has blocked it.`,
      showAddress: true,
    };
  }
  return { title, because: 'Your school has blocked this website.', showAddress: true };
}

export interface WarnWording {
  title: string;
  rule: string;
  continueLabel: string;
}

export function warnWording(category: string | null, audience: Audience, minutes: number, classified = false): WarnWording {
  const time = minutes >= 1 ? `${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'}` : `${Math.round(minutes * 60)} seconds`;
  const logged = `If you continue, this site opens in this tab for ${time}, and your school can see that you chose to continue.`;
  if (classified && isCategoryId(category)) {
    return { title: 'Think before you go on', rule: `${classifiedBecause(categoryLabel(category, audience), audience)} ${logged}`, continueLabel: 'Continue anyway' };
  }
  if (category === 'ai') {
    return {
      title: "This AI tool isn't approved by your school",
      rule:
        audience === 'primary'
          ? `Ask your teacher before using AI tools. ${logged}`
          : `Your school only approves some AI tools for schoolwork. Check with your teacher before you use this one, and never put personal information into it. ${logged}`,
      continueLabel: 'Continue anyway',
    };
  }
  if (category === 'social') {
    return {
      title: 'This is a social media site',
      rule: `Your school asks you to think before using social media in school time. Be kind, and tell an adult if anything upsets you. ${logged}`,
      continueLabel: 'Continue anyway',
    };
  }
  const label = isCategoryId(category) ? categoryLabel(category, audience) : 'a site your school warns about';
  return {
    title: 'Think before you go on',
    rule: `This looks like ${label}. Your school asks you to check it is right for what you are doing. ${logged}`,
    continueLabel: 'Continue anyway',
  };
}
