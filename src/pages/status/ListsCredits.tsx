/**
 * "Lists and licences" on the status page: which lists this build holds, at
 * which pinned revision, under which licence, with the credit and notices the
 * licences ask copies to carry (CC BY-SA's attribution and share-alike terms,
 * MIT's permission notice). Read from rules/build/attribution.json, which the
 * rules build writes beside the rulesets from the same lock, so it always
 * describes the rulesets in this package.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BuiltAttribution } from '../../filter/lists/attribution';

const ATTRIBUTION_URL = '/rules/build/attribution.json';

export function ListsCredits() {
  const [credits, setCredits] = useState<BuiltAttribution | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch(ATTRIBUTION_URL)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then(setCredits, (e: unknown) => setError(String(e)));
  }, []);

  return (
    <section aria-labelledby="lists">
      <h2 id="lists">Lists and licences</h2>
      {error && <p role="alert">Could not read {ATTRIBUTION_URL}: {error}</p>}
      {credits && (
        <>
          {credits.listSet === 'seeds' && (
            <p data-testid="lists-seeds">This build holds the project's curated seed lists only, not the default list set: {credits.reason}.</p>
          )}
          {credits.listSet === 'custom' && <p data-testid="lists-custom">This build was made from sources named at build time: {credits.reason}.</p>}
          <p>
            The project's own lists ({credits.project.files}) are under the {credits.project.licence} licence, as is the extension.
            {credits.lists.length > 0 && ' This build also holds these open lists:'}
          </p>
          {credits.lists.length > 0 && (
            <ul data-testid="lists-credits">
              {credits.lists.map((list) => (
                <li data-list={list.id}>
                  <a href={list.homepage} target="_blank" rel="noreferrer">
                    {list.name}
                  </a>
                  , pinned at{' '}
                  <a href={list.source} target="_blank" rel="noreferrer">
                    <code>{list.revision.slice(0, 7)}</code>
                  </a>
                  , for {list.categories.join(', ')}. Licence:{' '}
                  <a href={list.licence.url} target="_blank" rel="noreferrer">
                    {list.licence.name}
                  </a>
                  . {list.attribution}
                  {list.adaptation && ` ${list.adaptation}`}
                  {list.notice && (
                    <details>
                      <summary>Licence notice</summary>
                      <pre>{list.notice}</pre>
                    </details>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
