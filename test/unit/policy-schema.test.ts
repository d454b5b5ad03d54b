/**
 * One schema, two forms: public/managed_schema.json must be exactly what the
 * zod schema generates (regenerate with `npm run policy -- schema --write`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromeManagedSchema } from '../../src/policy/chrome-schema';
import { policySchema } from '../../src/policy/schema';

type Node = { type?: string; properties?: Record<string, Node>; items?: Node };

function everyNode(node: Node, visit: (node: Node, path: string) => void, path = ''): void {
  visit(node, path);
  for (const [key, child] of Object.entries(node.properties ?? {})) everyNode(child, visit, `${path}.${key}`);
  if (node.items) everyNode(node.items, visit, `${path}[]`);
}

describe('managed_schema.json', () => {
  const committed = JSON.parse(readFileSync('public/managed_schema.json', 'utf8'));

  it('is generated from the zod schema', () => {
    expect(committed).toEqual(chromeManagedSchema());
  });

  it('names every zod key at the top level', () => {
    expect(Object.keys(committed.properties).sort()).toEqual(Object.keys(policySchema.shape).sort());
  });

  it('gives every node the type Chrome requires, and no constraint that would make Chrome drop a value silently', () => {
    everyNode(committed, (node, path) => {
      expect(node.type, `type at ${path || '(root)'}`).toMatch(/^(object|array|string|integer|number|boolean)$/);
      expect(Object.keys(node).filter((k) => !['type', 'description', 'properties', 'items'].includes(k)), path).toEqual([]);
    });
  });
});
