/**
 * The shape of one risk phrase list file (server/risk-phrases/*.json, or a school's own). A file
 * that does not fit is refused with its file and entry named: a list that silently lost an entry
 * would stop alerts nobody knew were expected.
 */
import { z } from 'zod';
import { RISK_IDS, SEVERITIES } from '../risks';

export const TEXT_SOURCES = ['search', 'title'] as const;

const phrase = z.string().trim().min(1, 'an empty phrase').max(200, 'a phrase longer than 200 characters');
const phrases = z.array(phrase);

/** Several groups that must all appear in one text (any phrase of each group): a method word and an intent word. */
const combinationSchema = z.strictObject({
  allOf: z.array(z.array(phrase).min(1, 'a group needs at least one phrase')).min(2, 'a combination needs at least two groups'),
});

// BCP 47 as lists use it: a language, optionally a script or region (en, pa-Guru, pa-Arab, pt-BR).
const LANGUAGE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/;

export const riskEntrySchema = z
  .strictObject({
    /** `<risk>/<language>/<name>`, unique across every loaded file. */
    id: z.string().regex(/^[a-z-]+\/[A-Za-z-]+\/[a-z0-9-]+$/, 'an id is <risk>/<language>/<name>, e.g. suicide/en/method-overdose'),
    severity: z.enum(SEVERITIES),
    language: z.string().regex(LANGUAGE, 'a BCP 47 language tag such as en, pl, pa-Guru, pt-BR'),
    /** What the entry catches, in words a DSL reads; shown in alerts and emails, so never explicit. */
    description: z.string().trim().min(5).max(160),
    /** Any one of these, as whole words. A trailing * on a word matches words that start with it (at least 4 letters). */
    phrases: phrases.default([]),
    combinations: z.array(combinationSchema).default([]),
    /** Context that makes a match benign ("lyrics", "essay"): when any of these is in the text, the entry does not match. */
    exclusions: phrases.default([]),
    /** Where the entry applies; both unless said (news headlines in page titles mention what a pupil's search would not). */
    sources: z.array(z.enum(TEXT_SOURCES)).min(1).optional(),
  })
  .refine((entry) => entry.phrases.length + entry.combinations.length > 0, 'an entry needs phrases or combinations');

export const riskListSchema = z
  .strictObject({
    risk: z.enum(RISK_IDS),
    /** For maintainers: what the file covers and where its wording comes from. */
    about: z.string().optional(),
    /** Benign context for every entry in the file, added to each entry's own exclusions. */
    exclusions: phrases.default([]),
    entries: z.array(riskEntrySchema).min(1, 'a list needs at least one entry'),
  })
  .superRefine((list, context) => {
    const seen = new Set<string>();
    list.entries.forEach((entry, index) => {
      const [risk, language] = entry.id.split('/');
      if (risk !== list.risk) context.addIssue({ code: 'custom', path: ['entries', index, 'id'], message: `the id must start with "${list.risk}/", the file's risk` });
      if (language !== entry.language) context.addIssue({ code: 'custom', path: ['entries', index, 'id'], message: `the id's language "${language}" is not the entry's language "${entry.language}"` });
      if (seen.has(entry.id)) context.addIssue({ code: 'custom', path: ['entries', index, 'id'], message: `id "${entry.id}" is used twice in this file` });
      seen.add(entry.id);
    });
  });

export type RiskListFile = z.output<typeof riskListSchema>;
export type RiskEntry = RiskListFile['entries'][number];
export type TextSource = (typeof TEXT_SOURCES)[number];
