import { useState } from 'preact/hooks';
import { apiUrl } from '../api';

/** A subject access request: everything held about one person, downloaded as JSON. */
export function SubjectAccessView() {
  const [email, setEmail] = useState('');
  return (
    <section aria-labelledby="sar-title">
      <h2 id="sar-title">Subject access</h2>
      <p>
        Download everything the endpoint holds about one person: log events, reports (every version of their words, screenshots and the trail), allowlists
        naming them or opened by them, class memberships and devices.
      </p>
      <p data-testid="sar-withheld">
        Nothing about anyone else is in it: an allowlist shows how many pupils it named, never the others' accounts, and a teacher's reason appears only
        in that teacher's own export. Before you release the file, read the reasons of the allowlists it lists on the Allowlists page and add what is
        about this person; review staff notes in the report trails too.
      </p>
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
