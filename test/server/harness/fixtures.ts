/**
 * Valid events, reports and allowlists, built from the shared schemas' shapes,
 * so a test changes only the field it is about.
 */
import { randomUUID } from 'node:crypto';
import type { Envelope, FilterEvent } from '../../../src/events/model';
import type { OverrideRequest } from '../../../src/overrides/model';
import { newFollowUpSecret } from '../../../src/reports/follow-up-secret';
import type { Report } from '../../../src/reports/model';

export function envelope(overrides: Partial<Envelope> = {}): Envelope {
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    user: 'pupil.one@school.example',
    device: { directoryId: 'dir-001', serialNumber: 'SN001', assetId: 'ASSET-1' },
    yearGroup: 'Y9',
    role: 'pupil',
    extensionVersion: '0.1.0',
    ...overrides,
  };
}

export function blockEvent(overrides: Partial<Extract<FilterEvent, { type: 'block' }>> = {}): FilterEvent {
  return { ...envelope(), type: 'block', category: 'gambling', host: 'bet.example', ...overrides };
}

export function searchEvent(query: string, overrides: Partial<Envelope> = {}): FilterEvent {
  return { ...envelope(overrides), type: 'search', engine: 'google', query, host: 'www.google.com' };
}

export function navigationEvent(host: string, overrides: Partial<Envelope> = {}): FilterEvent {
  return { ...envelope(overrides), type: 'navigation', host };
}

export function heartbeatEvent(overrides: Partial<Envelope> = {}, policyHash: string | null = 'a'.repeat(64)): FilterEvent {
  return { ...envelope(overrides), type: 'heartbeat', policyHash, enabledRulesets: 12, dynamicRules: 3, queueDepth: 0 };
}

export function policyEvent(policyHash: string, overrides: Partial<Envelope> = {}): FilterEvent {
  return { ...envelope(overrides), type: 'policy', status: 'applied', policyHash, strictest: false, problems: [] };
}

export function batchOf(count: number, make: (index: number) => FilterEvent = () => blockEvent()): { events: FilterEvent[] } {
  return { events: Array.from({ length: count }, (_, index) => make(index)) };
}

/** A real (tiny) JPEG: the endpoint checks the magic bytes. */
export const TINY_JPEG_BASE64 =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

export function report(overrides: Partial<Report> = {}): Report {
  return {
    ...envelope(),
    url: 'https://unkind.example/post/1',
    title: 'A page',
    category: null,
    reason: 'rude-or-unsuitable',
    comment: 'This is not nice',
    urgent: false,
    screenshot: null,
    // As the extension makes one for every report: only a PATCH that carries it may add to the report.
    followUpSecret: newFollowUpSecret(),
    ...overrides,
  };
}

export function overrideRequest(overrides: Partial<OverrideRequest> = {}, now = new Date()): OverrideRequest {
  return {
    id: randomUUID(),
    createdBy: 'teacher@school.example',
    domains: ['games.example'],
    audience: { yearGroups: ['Y9'], classes: [], pupils: [] },
    reason: 'Computing lesson: game design',
    startsAt: new Date(now.getTime() - 60_000).toISOString(),
    endsAt: new Date(now.getTime() + 50 * 60_000).toISOString(),
    ...overrides,
  };
}
