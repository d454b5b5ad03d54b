import { useEffect, useState } from 'preact/hooks';
import { GOOGLE_START_PATH } from '../../../src/config/google-sign-in-paths';
import { SIGN_IN_ERROR_PARAM, signInErrorMessage, type SignInMethods } from '../../../src/dashboard-api/sign-in-errors';
import { ApiError, getJson, postJson } from '../api';

export function LoginView() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // A refused Google sign-in comes back with a code; its words are the page's own, never the address's.
  const [error, setError] = useState<string | null>(() => signInErrorMessage(new URLSearchParams(window.location.search).get(SIGN_IN_ERROR_PARAM)));
  const [busy, setBusy] = useState(false);
  const [methods, setMethods] = useState<SignInMethods | null>(null);

  useEffect(() => {
    getJson<SignInMethods>('/sign-in-methods').then(setMethods, () => setMethods({ google: false }));
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await postJson('/login', { username, password });
      // On to the view the link named (the hash kept through the sign-in page), else the reports.
      window.location.assign(`/dashboard/${window.location.hash}`);
    } catch (reason) {
      setError(reason instanceof ApiError ? reason.message : 'Could not reach the endpoint');
      setBusy(false);
    }
  };

  // The hash never reaches a server by itself: the start route carries it through Google and back.
  const googleHref = `${GOOGLE_START_PATH}?${new URLSearchParams({ then: window.location.hash.replace(/^#/, '') }).toString()}`;

  return (
    <main class="narrow">
      <h1>School Filter dashboard</h1>
      {error && (
        <p role="alert" class="problem" data-testid="login-error">
          {error}
        </p>
      )}
      {methods?.google && (
        <section aria-labelledby="google-heading">
          <h2 id="google-heading">School account</h2>
          <p>
            <a class="button" href={googleHref} data-testid="google-sign-in">
              Sign in with Google
            </a>
          </p>
          <h2>Or with a dashboard password</h2>
        </section>
      )}
      <form onSubmit={submit} data-testid="login-form" aria-label="Sign in with a dashboard password">
        <label>
          Username
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
