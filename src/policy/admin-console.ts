/**
 * The Admin console shows extension policy as `{"key": {"Value": ...}}` (the
 * form Chrome's policy templates and exported JSON use); admins also paste the
 * plain form `{"key": ...}`. Both mean the same policy.
 */
export function unwrapAdminConsoleForm(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const entries = Object.entries(json);
  const wrapped = (value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && 'Value' in value;
  if (entries.length === 0 || !entries.every(([, value]) => wrapped(value))) return json;
  return Object.fromEntries(entries.map(([key, value]) => [key, (value as { Value: unknown }).Value]));
}

export function wrapForAdminConsole(policy: Record<string, unknown>): Record<string, { Value: unknown }> {
  return Object.fromEntries(Object.entries(policy).map(([key, value]) => [key, { Value: value }]));
}
