/**
 * What the trail says when the endpoint refuses a picture (pure). The rule
 * itself is the extension's, `pictureRefusal` in src/reports/screenshot-rule.ts:
 * the endpoint applies it to every POST and PATCH, so no device can make it
 * store a picture the rule forbids.
 */
import type { PictureRefusal } from '../../../src/reports/screenshot-rule';

const WHY: Record<PictureRefusal, string> = {
  category: 'the page is in a category never photographed (illegal or adult)',
  'no-reason-yet': 'the report had no reason yet',
  reason: 'the reason may point at sexual images',
};

export function screenshotRefusedNote(refusal: PictureRefusal): string {
  return `screenshot refused by the rule: ${WHY[refusal]}`;
}
