/**
 * The page's audience and contact line from the worker. Until the answer
 * comes (or if the worker cannot answer) the page speaks in primary words
 * and the default contact: the simplest wording is safe for every reader.
 */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_CONTACT, DEFAULT_WARN_CONTINUE_MINUTES } from '../../policy/defaults';
import type { PageContext } from '../../shared/messages';
import { askWorker } from './worker-client';

const FALLBACK: PageContext = { audience: 'primary', contact: DEFAULT_CONTACT, schoolName: '', warnContinueMinutes: DEFAULT_WARN_CONTINUE_MINUTES };

export function usePageContext(): { context: PageContext; ready: boolean } {
  const [state, setState] = useState({ context: FALLBACK, ready: false });
  useEffect(() => {
    askWorker({ type: 'page/context' }).then(
      (context) => setState({ context, ready: true }),
      () => setState({ context: FALLBACK, ready: true }),
    );
  }, []);
  return state;
}
