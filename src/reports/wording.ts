/**
 * What the pupil (or member of staff) reads about their report, by audience
 * (pure, unit tested). Primary words are short and concrete; every pupil is
 * told they did the right thing and where to get help now, because the
 * seed policies ask pupils to tell an adult at once and a report is not a
 * conversation: Childline is free, private and open all day and night.
 */
import type { Audience } from '../filter/catalogue';
import type { Delivery } from './outbox-record';

export interface Wording {
  headline: string;
  detail: string;
}

export const CHILDLINE = { phone: '0800 1111', url: 'https://www.childline.org.uk/', site: 'childline.org.uk' } as const;

export function deliveryWording(delivery: Delivery, audience: Audience): Wording {
  if (audience === 'adult') {
    if (delivery === 'sent') return { headline: 'Report sent', detail: "It is in the IT Lead's and the safeguarding lead's queue." };
    if (delivery === 'saved') return { headline: 'Saved on this device', detail: 'It will be sent as soon as the school endpoint can be reached.' };
    return { headline: 'The school endpoint refused this report', detail: 'It is kept on this device. Tell the IT Lead, and the DSL directly if a child may be at risk.' };
  }
  if (delivery === 'sent') {
    return {
      headline: 'Sent to your school. Thank you, you did the right thing.',
      detail: audience === 'primary' ? 'A grown-up at school will look at it.' : 'The staff who keep you safe online will look at it.',
    };
  }
  if (delivery === 'saved') {
    return {
      headline: "Saved. It will be sent when you're back online.",
      detail: audience === 'primary' ? 'You did the right thing. You can tell a grown-up now too.' : 'You did the right thing. You can also tell a teacher now.',
    };
  }
  return {
    headline: 'Your report is saved, but the school could not take it.',
    detail: audience === 'primary' ? 'Please tell a grown-up at school about it.' : 'Please tell a teacher or another adult you trust.',
  };
}

/** Shown before and after sending: where help is, whatever happened to the report. */
export function helpWording(audience: Audience): string {
  if (audience === 'primary') return `If something online has upset you, tell a grown-up you trust. You can also talk to Childline for free on ${CHILDLINE.phone}.`;
  if (audience === 'secondary') return `You can talk to a teacher you trust, or to Childline for free and in private: call ${CHILDLINE.phone} or go to ${CHILDLINE.site}.`;
  return 'If a child may be at risk, also tell the Designated Safeguarding Lead now, as the safeguarding policy requires.';
}

export function introWording(audience: Audience): string {
  if (audience === 'primary') return 'Seen something that worries you? Press the button to tell your school.';
  if (audience === 'secondary') return 'Found something upsetting or unsuitable, or something that should not be blocked? Tell your school in one click.';
  return 'Report this page to the IT Lead and the safeguarding lead: under-blocking, over-blocking or a safeguarding concern.';
}

/** Said when the reason makes the report urgent: the pupil learns it goes to the right person first. */
export function urgentWording(audience: Audience): string {
  return audience === 'adult' ? 'Marked urgent for the DSL.' : 'Your school\'s safeguarding lead will see this first.';
}

/**
 * Said when the endpoint would not add a follow-up because staff had already started on the report:
 * the pupil must not believe their words arrived, and must know how to say more.
 */
export function followUpClosedWording(audience: Audience): string {
  if (audience === 'adult') return 'Not added: staff had already started on this report. Send a new report, or tell the DSL directly.';
  if (audience === 'primary') return 'Your school is already looking at your report, so this part was not added. To tell them more, send a new report or tell a grown-up.';
  return 'Your school had already started looking at your report, so this part was not added. To tell them more, send a new report or talk to a teacher.';
}

export function screenshotWording(audience: Audience): string {
  return audience === 'adult' ? 'A picture of the page is included.' : 'A picture of the page was added to help your school.';
}
