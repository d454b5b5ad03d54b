/**
 * How a screenshot is brought under the endpoint's cap (pure): the first of
 * these attempts whose JPEG fits wins. Quality goes first (text stays
 * readable at 0.6), then size; a page that does not fit even at a quarter of
 * its size goes without a picture rather than fail the report.
 */
import { MAX_SCREENSHOT_BASE64_CHARS } from './model';

export interface ScreenshotAttempt {
  scale: number;
  quality: number;
}

export const SCREENSHOT_ATTEMPTS: readonly ScreenshotAttempt[] = [
  { scale: 1, quality: 0.8 },
  { scale: 1, quality: 0.6 },
  { scale: 0.75, quality: 0.6 },
  { scale: 0.5, quality: 0.6 },
  { scale: 0.5, quality: 0.4 },
  { scale: 0.35, quality: 0.4 },
  { scale: 0.25, quality: 0.35 },
];

export function fitsScreenshotCap(base64: string): boolean {
  return base64.length <= MAX_SCREENSHOT_BASE64_CHARS;
}

/** Output size for an attempt: at least 1 px each way, whole pixels. */
export function scaledSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
