/**
 * Why a Google sign-in was refused: the callback sends the browser back to the sign-in page with one of
 * these codes (`?signin-error=`), and the page shows its words. Codes, not text, travel in the address, so
 * nobody can put their own words on the school's sign-in page with a crafted link. No zod, no server
 * imports: the dashboard bundle imports this.
 */
export const SIGN_IN_ERRORS = {
  'not-configured': 'Sign-in with Google is not set up on this endpoint. Use your username and password.',
  'bad-state': 'That sign-in link was used already, has expired or was started in another browser. Please try again.',
  'provider-error': 'Google did not sign you in (it reported an error or the sign-in was cancelled). Please try again.',
  'provider-unreachable': 'Google could not be reached, or took too long to answer. Please try again in a moment, or use your username and password.',
  'invalid-token': 'Google’s answer could not be verified (wrong signature, unknown key, wrong issuer or audience, or expired), so you were not signed in. Please try again; if it happens again, tell the IT Lead.',
  'wrong-domain': 'Only the school’s Google accounts can sign in here. Sign in with your school account.',
  'unverified-email': 'Google has not verified this account’s email address, so it cannot sign in here.',
  'not-mapped': 'Your school account is not set up for the dashboard. Ask the IT Lead to add it (googleSignIn.roles in the endpoint’s config).',
  'too-many': 'Too many failed sign-ins for this account or from this address. Please try again later.',
} as const;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;
export const SIGN_IN_ERROR_PARAM = 'signin-error';

export function signInErrorMessage(code: string | null): string | null {
  return code !== null && Object.hasOwn(SIGN_IN_ERRORS, code) ? SIGN_IN_ERRORS[code as SignInErrorCode] : null;
}

/** The sign-in methods the page offers besides the password form. */
export interface SignInMethods {
  google: boolean;
}
