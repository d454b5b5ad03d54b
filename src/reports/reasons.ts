/**
 * The reason chips, per reader (pure). Pupils get the words the issue and the
 * seed policies use ("tell an adult if something upsets you"); staff get
 * reasons that say what the IT Lead and the DSL must do next: tune the filter
 * one way or the other, or act on a safeguarding concern.
 */
import type { Audience } from '../filter/catalogue';
import type { ReportReason } from './model';

export const PUPIL_REASONS = ['upset', 'rude-or-unsuitable', 'unkind-to-me', 'stranger-contact', 'should-not-be-blocked', 'something-else'] as const satisfies readonly ReportReason[];
export const STAFF_REASONS = ['under-blocking', 'over-blocking', 'safeguarding-concern', 'something-else'] as const satisfies readonly ReportReason[];

/** Staff read adult words; every pupil (primary or secondary) gets the pupil reasons. */
export function reasonsFor(audience: Audience): readonly ReportReason[] {
  return audience === 'adult' ? STAFF_REASONS : PUPIL_REASONS;
}

/** What "I think this is wrong" on a block or warn page means, said the reader's way. */
export function stopPageReason(audience: Audience): ReportReason {
  return audience === 'adult' ? 'over-blocking' : 'should-not-be-blocked';
}

const LABELS: Record<ReportReason, Record<Audience, string>> = {
  upset: { primary: 'It upset me', secondary: 'It upset me', adult: 'It upset me' },
  'rude-or-unsuitable': { primary: "It's rude or not OK for children", secondary: "It's rude or unsuitable", adult: 'Rude or unsuitable' },
  'unkind-to-me': { primary: 'Someone is being unkind to me', secondary: 'Someone is being unkind to me', adult: 'Someone is being unkind to me' },
  'stranger-contact': { primary: "Someone I don't know is talking to me", secondary: "Someone I don't know is contacting me", adult: 'Contact from a stranger' },
  'should-not-be-blocked': { primary: "This shouldn't be blocked", secondary: "This shouldn't be blocked", adult: "This shouldn't be blocked" },
  'something-else': { primary: 'Something else', secondary: 'Something else', adult: 'Something else' },
  'under-blocking': { primary: 'This should be blocked', secondary: 'This should be blocked', adult: 'This should be blocked (under-blocking)' },
  'over-blocking': { primary: "This shouldn't be blocked", secondary: "This shouldn't be blocked", adult: "This shouldn't be blocked (over-blocking)" },
  'safeguarding-concern': { primary: "I'm worried about someone", secondary: "I'm worried about someone", adult: 'Safeguarding concern' },
};

export function reasonLabel(reason: ReportReason, audience: Audience): string {
  return LABELS[reason][audience];
}
