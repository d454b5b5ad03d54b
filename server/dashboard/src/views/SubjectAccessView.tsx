import { useState } from 'preact/hooks';
import { apiUrl } from '../api';

/** A subject access request: everything held about one person, downloaded as JSON. */
export function SubjectAccessView() {
  const [email, setEmail] = useState('');
  return (
    <section aria-labelledby="sar-title">
      <h2 id="sar-title">Subject access</h2>
      <p>Download everything the endpoint holds about one person: log events, reports (with screenshots and their trail), allowlists naming them, class memberships and devices.</p>
      <label>
        Email address
        <input type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      {email.includes('@') && (
        <p>
          <a class="button" href={apiUrl('/subject-access', { user: email.trim() })} download>
            Download JSON
          </a>
        </p>
      )}
    </section>
  );
}
