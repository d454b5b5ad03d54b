/** The Google sign-in routes: shared by the server and the dashboard bundle (no zod, no Node imports here). */
export const GOOGLE_START_PATH = '/dashboard/api/oidc/start';
/** Where Google sends the browser back to, under publicUrl: the redirect URI the school registers. */
export const GOOGLE_CALLBACK_PATH = '/dashboard/api/oidc/callback';
