import { useState } from 'preact/hooks';
import { ApiError, getJson, postJson } from '../api';
import { Loading, useLoad } from '../components/useLoad';
import { when } from '../format';
import { TOKENS_API, type RetireNowReply, type RotateReply, type TokensReply, type TokenSummary } from '../../../src/dashboard-api/tokens';

const STATE_WORDS: Record<TokenSummary['state'], string> = { 'in-use': 'in use', retiring: 'retiring', retired: 'retired' };

/** The endpoint's words, with what it found wrong in the form (e.g. a grace period out of range). */
function failure(reason: unknown): string {
  const issues = reason instanceof ApiError ? reason.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : '';
  return `${reason instanceof Error ? reason.message : String(reason)}${issues ? ` (${issues})` : ''}`;
}

/** The IT Lead's page: every token label, rotation with a grace period, "retire now" for a leaked token, and who did what. */
export function TokensView() {
  const { data, error, reload } = useLoad(() => getJson<TokensReply>(TOKENS_API));
  const [label, setLabel] = useState('');
  const [graceDays, setGraceDays] = useState<string>('');
  const [rotated, setRotated] = useState<RotateReply | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!data) return <Loading error={error} />;
  const chosen = label || data.labels[0]?.label || '';
  const grace = graceDays === '' ? data.defaultGraceDays : Number(graceDays);

  const rotate = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    try {
      setRotated(await postJson<RotateReply>(`${TOKENS_API}/rotate`, { label: chosen, graceDays: grace }));
      reload();
    } catch (reason) {
      setRotated(null);
      setMessage(`Not rotated: ${failure(reason)}`);
    }
  };
  const retireOld = async (which: string) => {
    try {
      const { retired } = await postJson<RetireNowReply>(`${TOKENS_API}/retire-now`, { label: which });
      setMessage(`Retired ${retired} old token(s) of "${which}" now: devices still using them are refused.`);
      reload();
    } catch (reason) {
      setMessage(`Not retired: ${failure(reason)}`);
    }
  };

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">Endpoint tokens</h2>
      <p>
        Devices send a token from their policy with every upload. Rotate a label to issue a new token for the same OUs: paste the new policy in the Admin
        console, and the old token keeps working for the grace period, then is refused. A token that has leaked: rotate with 0 days, or retire the old one now.
        The endpoint keeps only each token's sha256, so a new token is shown once.
      </p>
      <div class="scroll">
        <table data-testid="tokens">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Scope</th>
              <th scope="col">Token (sha256 start)</th>
              <th scope="col">From</th>
              <th scope="col">Issued</th>
              <th scope="col">Retires</th>
              <th scope="col">State</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {data.labels.flatMap((entry) =>
              entry.tokens.map((token, index) => (
                <tr key={token.digestStart}>
                  <td>{entry.label}</td>
                  <td>{entry.scope}</td>
                  <td>
                    <code>{token.digestStart}</code>
                  </td>
                  <td>{token.source === 'config' ? 'config file' : `rotation by ${token.issuedBy}`}</td>
                  <td>{token.issuedAt ? when(token.issuedAt) : 'when the config was written'}</td>
                  <td>{token.retiresAt ? when(token.retiresAt) : '—'}</td>
                  <td>{STATE_WORDS[token.state]}</td>
                  <td>
                    {index === 0 && entry.tokens.some((other) => other.state === 'retiring') ? (
                      <button type="button" class="secondary" onClick={() => retireOld(entry.label)}>
                        Retire old "{entry.label}" tokens now
                      </button>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>

      <form onSubmit={rotate} aria-labelledby="rotate-title">
        <h3 id="rotate-title">Rotate a token</h3>
        <label>
          Token label
          <select value={chosen} onChange={(event) => setLabel((event.currentTarget as HTMLSelectElement).value)}>
            {data.labels.map((entry) => (
              <option value={entry.label}>
                {entry.label} ({entry.scope})
              </option>
            ))}
          </select>
        </label>
        <label>
          Days the old token keeps working (0: retire it at once)
          <input
            type="number"
            min={0}
            max={data.maxGraceDays}
            step={1}
            value={graceDays === '' ? String(data.defaultGraceDays) : graceDays}
            onInput={(event) => setGraceDays((event.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">Rotate "{chosen}"</button>
      </form>

      {message && <p role="status">{message}</p>}
      {rotated && (
        <div role="status" data-testid="rotated">
          <p>
            New token for "{rotated.label}" ({rotated.scope}), shown once: <code data-testid="new-token">{rotated.token}</code>
          </p>
          <p>{rotated.oldRetireAt ? `The old token(s) stop working ${when(rotated.oldRetireAt)}.` : 'No old token was still working.'}</p>
          <p>{rotated.policyHeading} Paste in the Admin console, Devices &gt; Chrome &gt; Apps &amp; extensions &gt; the extension &gt; Policy for extensions:</p>
          <pre data-testid="policy-json">{rotated.policyJson}</pre>
          <p>Or the Admin console's own form:</p>
          <pre>{rotated.adminConsoleJson}</pre>
          <ul>
            {rotated.policyCheck.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </div>
      )}

      <h3>Rotations</h3>
      {data.trail.length === 0 ? (
        <p>No token has been rotated yet.</p>
      ) : (
        <ul data-testid="token-trail">
          {data.trail.map((entry) => (
            <li>
              {when(entry.at)}: {entry.actor}, "{entry.label}" {entry.action === 'rotated' ? 'rotated' : 'old tokens retired now'} ({entry.detail})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
