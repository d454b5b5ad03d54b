/**
 * Generates Chrome's managed-storage schema (public/managed_schema.json) from
 * the zod policy schema, so the two cannot drift.
 *
 * Chrome's schema is a JSON-schema subset, and Chrome silently drops values
 * that fail it. So the generated schema carries types and descriptions only,
 * never enums, patterns or ranges: a mistyped value then reaches us, where
 * repair reports it on the status page instead of it vanishing unseen.
 */
import { z } from 'zod';
import { policySchema } from './schema';

type JsonSchema = Record<string, unknown>;

const KEEP = new Set(['type', 'description', 'properties', 'items']);

function toChromeSubset(node: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEEP.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, toChromeSubset(child)]),
      );
    } else if (key === 'items') {
      out.items = toChromeSubset(value as JsonSchema);
    } else {
      out[key] = value;
    }
  }
  // Chrome requires a type on every node; an enum of strings is a string.
  if (!out.type && Array.isArray(node.enum)) out.type = typeof node.enum[0] === 'number' ? 'number' : 'string';
  return out;
}

export function chromeManagedSchema(): JsonSchema {
  const full = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return toChromeSubset(full);
}
