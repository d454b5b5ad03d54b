import { useState } from 'preact/hooks';
import { ApiError, postJson } from '../api';

export function LoginView() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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

  return (
    <main class="narrow">
      <h1>School Filter dashboard</h1>
      <form onSubmit={submit} data-testid="login-form">
        <label>
          Username
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && (
          <p role="alert" class="problem" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
