/** The environment variable that sends every lists request to a mirror (as `--mirror` does). */
export const MIRROR_VARIABLE = 'SCHOOL_FILTER_LISTS_MIRROR';

export function mirrorFromEnvironment(): string | undefined {
  return process.env[MIRROR_VARIABLE] || undefined;
}
