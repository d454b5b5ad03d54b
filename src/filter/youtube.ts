/**
 * YouTube's hosts, in one place. YouTube is not "streaming" like Netflix:
 * schools use its educational videos in lessons, so whether a profile reaches
 * it is the policy's decision (`safeSearch.youtube`: `block`, or Restricted
 * Mode `strict` / `moderate`, or `off`), not a category list's. The build
 * takes these hosts out of every category list (import/screen.ts), the
 * YouTube-Restrict header rule is sent to them, and `block` blocks them
 * (plan.ts).
 */

/** YouTube's sites and the APIs its pages and embeds call: the header goes to all, `block` blocks all. */
export const YOUTUBE_HOSTS: readonly string[] = [
  'youtube.com',
  'youtu.be', // share links
  'youtube-nocookie.com', // the privacy-mode embed education sites use
  'youtube.co.uk', // redirects to youtube.com
  'youtubekids.com',
  'youtubeeducation.com',
  'youtube.googleapis.com',
  'youtubei.googleapis.com', // the API YouTube's own pages call
];

/**
 * What a YouTube video needs to play: kept out of category lists with the
 * sites (UT1's audio-video lists googlevideo.com, which would stop every video
 * where YouTube is open), but not blocked by `block`: Google search shows
 * ytimg.com thumbnails, and without YouTube's pages these serve nothing.
 */
export const YOUTUBE_MEDIA_HOSTS: readonly string[] = ['googlevideo.com', 'ytimg.com', 'yt3.ggpht.com'];

/** Every host a category list may not name, since the policy decides YouTube. */
export const YOUTUBE_POLICY_HOSTS: readonly string[] = [...YOUTUBE_HOSTS, ...YOUTUBE_MEDIA_HOSTS];
