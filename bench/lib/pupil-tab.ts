/**
 * What the click-to-enforcement benchmarks (lesson allowlists, school lists)
 * share: a games list that starts every run's site blocked for the pupil, a
 * poll that resolves the moment a condition holds, and the pupil's tab
 * arriving at a site (through a block page or not).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { ExtensionSession } from '../../test/e2e/harness';
import { median, quantile, round } from './stats';

/** A sources file (in `work`) whose games list names these domains, so each starts blocked for a Year 9 pupil. */
export function blockedGamesSources(work: string, domains: readonly string[]): string {
  mkdirSync(work, { recursive: true });
  const list = join(work, 'games.txt');
  writeFileSync(list, `${domains.join('\n')}\n`);
  const sources = join(work, 'sources.json');
  writeFileSync(sources, JSON.stringify({ sources: [{ category: 'games', format: 'domains', from: list }] }));
  return sources;
}

/** Polls every 20 ms until `probe` gives a value, which it returns; throws after `timeoutMs`, naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
}

/** Navigates `tab` and resolves when it shows `url`'s host (through a block page or not), at that moment. */
export async function arriveAt(session: ExtensionSession, tab: Page, url: string): Promise<number> {
  const host = new URL(url).hostname;
  void tab.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
  return waitFor(
    `${host} in the pupil's tab`,
    async () => {
      const current = tab.url();
      return !current.startsWith(`chrome-extension://${session.extensionId}/`) && current.includes(host) ? Date.now() : undefined;
    },
    20_000,
  );
}

export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
}

export function summary(samples: number[]): Percentiles {
  return { p50: round(median(samples)), p95: round(quantile(samples, 0.95)), max: Math.max(...samples) };
}

export interface EnforcementSamples {
  /** Click to the site in the pupil's tab, through the block page's fast path. */
  clickToSite: number[];
  /** The pupil's own navigation, through the block page, to the site. */
  pupilNavigationToSite: number[];
  /** The same tab loading a site nothing ever blocked: the same-run baseline. */
  plainNavigation: number[];
  /** Click to the rule in force by the refresh schedule alone. */
  clickToRule: number[];
}

/** The click-to-enforcement result both benchmarks write: fast path and schedule alone, against the plain load. */
export function enforcementResult(samples: EnforcementSamples, runs: { fastPath: number; schedule: number }, refreshMinutes: number) {
  const fast = summary(samples.clickToSite);
  const scheduled = summary(samples.clickToRule);
  return {
    runs,
    refreshMinutes,
    fastPathClickToSiteMs: fast,
    fastPathPupilNavigationToSiteMs: summary(samples.pupilNavigationToSite),
    baselinePlainNavigationMs: summary(samples.plainNavigation),
    /** The block page's check, apply and second navigation, as a multiple of a plain page load. */
    fastPathNavigationRatio: round(median(samples.pupilNavigationToSite) / median(samples.plainNavigation), 2),
    scheduleClickToRuleInForceMs: scheduled,
    fastPathOverScheduleRatio: round(fast.p50 / scheduled.p50, 3),
    samples,
  };
}
