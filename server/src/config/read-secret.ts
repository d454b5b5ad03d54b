/**
 * Reads a secret named in the config (never written in it): from a file, relative to the config file, or an
 * environment variable. Shared by the notifications' SMTP password and webhook key and the Google client secret.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

/** The trailing newline an editor adds is dropped. */
export function readSecret(file: string | undefined, variable: string | undefined, baseDir: string, env: NodeJS.ProcessEnv): { value: string } | { problem: string; key: 'file' | 'env' } {
  if (file !== undefined) {
    const path = resolve(baseDir, file);
    try {
      const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
      return value ? { value } : { problem: `${path} is empty`, key: 'file' };
    } catch (error) {
      return { problem: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, key: 'file' };
    }
  }
  const value = variable === undefined ? undefined : env[variable];
  return value ? { value } : { problem: `the environment variable ${variable} is not set`, key: 'env' };
}
