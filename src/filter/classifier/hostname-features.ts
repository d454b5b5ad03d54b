/**
 * What the classifier sees of a hostname (pure, shared by training at build time and scoring on
 * the device, so both read a host the same way): its top-level label, each other label whole, and
 * the character 3-, 4- and 5-grams of the name without the top-level label, with its edges marked.
 * The n-grams are where the signal is: new sites of a kind reuse the same fragments ("porn",
 * "xxx", "bet", "casino", "slot", "proxy", "unblock", "gpt") in names no list has seen yet.
 * Features are hashed into a fixed number of buckets, so the model's size does not grow with
 * the lists it learns from.
 */

/** FNV-1a, 32 bits: tiny, fast, and the same in every JavaScript engine. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Prefixes that say nothing about what a site is. */
const NOISE_PREFIX = /^(www\d?|m|mobile|amp)\./;

/** The host as the classifier reads it: lower case, no trailing dot, no www./m. prefix. */
export function classifiedName(host: string): string {
  let name = host.toLowerCase().replace(/\.$/, '');
  while (NOISE_PREFIX.test(name) && name.split('.').length > 2) name = name.replace(NOISE_PREFIX, '');
  return name;
}

const GRAM_SIZES = [3, 4, 5] as const;

/** The distinct feature strings of a host (for tests and explanations; scoring uses the hashes). */
export function featureStrings(host: string): string[] {
  const name = classifiedName(host);
  const labels = name.split('.');
  const tld = labels.length > 1 ? labels.pop()! : '';
  const features = new Set<string>([`t:${tld}`]);
  for (const label of labels) if (label) features.add(`l:${label}`);
  const body = `^${labels.join('.')}$`;
  for (const size of GRAM_SIZES) {
    for (let i = 0; i + size <= body.length; i++) features.add(`g:${body.slice(i, i + size)}`);
  }
  return [...features];
}

/** Bucket indices of a host's features in a table of 2^bits, sorted and distinct. */
export function featureBuckets(host: string, bits: number): number[] {
  const mask = (1 << bits) - 1;
  return [...new Set(featureStrings(host).map((feature) => fnv1a(feature) & mask))].sort((a, b) => a - b);
}

/** Which tenth of the data a site falls in, by its name without subdomains, so a site's hosts never straddle training and validation. */
export function splitBucket(host: string): number {
  return fnv1a(siteName(classifiedName(host)), 0x9e3779b9) % 10;
}

/** Second-level labels under which the registrable name has three labels (example.co.uk). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'sch', 'nhs', 'police', 'me', 'gen']);

/** The registrable name, near enough for splitting: example.co.uk, example.com. */
export function siteName(name: string): string {
  const labels = name.split('.');
  if (labels.length <= 2) return name;
  const second = labels[labels.length - 2]!;
  const keep = SECOND_LEVEL.has(second) && labels[labels.length - 1]!.length === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}
