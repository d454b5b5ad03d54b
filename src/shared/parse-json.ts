/**
 * A JSON file read through a zod schema, for files people edit by hand (the
 * sources files, the lists lock): one error that names the file and lists
 * every problem with its place in it, so one fix-and-rerun finds them all.
 */
import type { z } from 'zod';

/** `what` names the kind of file in the error: "sources file", "lists lock". */
export function parseJsonText<T extends z.ZodType>(schema: T, text: string, name: string, what: string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${formatPath(issue.path) || '(root)'}: ${messageOf(issue)}`);
  throw new Error(`${name}: invalid ${what}:\n${lines.join('\n')}`);
}

/** A bad key's own reason ("a relative path ...") says more than zod's "Invalid key in record". */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues[0]) return `not allowed as a name here: ${issue.issues[0].message}`;
  return issue.message;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}
