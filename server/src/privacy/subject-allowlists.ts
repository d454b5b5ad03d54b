/**
 * An allowlist as a subject access export shows it (pure): what is about the
 * person asking, and nothing about anyone else.
 *
 * A pupil named on an allowlist is told that it named them, the sites, the
 * times, who opened and who ended it (staff acting in their role), the year
 * groups and classes it was for, and how many pupils it named: never the other
 * pupils' accounts. The teacher's free-text reason is withheld from everyone
 * but the teacher who wrote it: it is a third party's words, and it may name
 * or describe other pupils ("for Sam's SEN support"), which no code can
 * reliably redact; the person reviewing the request reads it on the
 * Allowlists page and releases what is about the pupil. The token label and
 * address it was opened through are the opener's too.
 *
 * A teacher's export of the allowlists they opened has their own reason and
 * request details, and a count of the pupils named, not their accounts.
 */
import type { OverrideRow, SubjectAccessAllowlist } from '../store/rows';

export function allowlistForSubject(row: OverrideRow, subject: string): SubjectAccessAllowlist {
  const person = subject.toLowerCase();
  const opened = row.createdBy.toLowerCase() === person;
  const named = row.audience.pupils.some((pupil) => pupil.toLowerCase() === person);
  const ended = row.endedBy !== null && row.endedBy.toLowerCase() === person;
  return {
    id: row.id,
    concerns: [...(named ? ['named' as const] : []), ...(opened ? ['opened' as const] : []), ...(ended ? ['ended' as const] : [])],
    domains: row.domains,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    endedAt: row.endedAt,
    endedBy: row.endedBy,
    createdByVerified: row.createdByVerified,
    endedByVerified: row.endedByVerified,
    audience: {
      yearGroups: row.audience.yearGroups,
      classes: row.audience.classes,
      namesThisPerson: named,
      namedPupils: row.audience.pupils.length,
    },
    reason: opened ? row.reason : null,
    reasonWithheld: !opened,
    tokenLabel: opened ? row.tokenLabel : null,
    clientIp: opened ? row.clientIp : null,
  };
}
