/**
 * Reported addresses come from pupils' browsers and from web pages: only
 * http(s) addresses may become links. Anything else (`javascript:`, `data:`,
 * `chrome:`...) is shown as text, never as an href.
 */
export function linkableUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
