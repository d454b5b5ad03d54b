/**
 * Reads the critical-endpoint fixture (rules/critical-endpoints.json by
 * default): the addresses no build may stop, which the importer checks every
 * entry against and the tests check every profile against.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CriticalEndpoint, parseCriticalEndpoints } from '../../src/filter/critical-endpoints';
import { readableName } from './readable-name';

export const CRITICAL_ENDPOINTS_FILE = join(import.meta.dirname, '..', '..', 'rules', 'critical-endpoints.json');

export async function loadCriticalEndpoints(path = CRITICAL_ENDPOINTS_FILE): Promise<CriticalEndpoint[]> {
  const name = readableName(path);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${name}: cannot read the critical-endpoint fixture (${error.code ?? error.message})`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name}: not valid JSON: ${(error as Error).message}`);
  }
  return parseCriticalEndpoints(json, name);
}
