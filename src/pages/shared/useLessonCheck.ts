import { useEffect, useState } from 'preact/hooks';
import { askWorker } from './worker-client';

/**
 * On every block or warn page: has a teacher opened this site for the lesson
 * since the rules last changed? If so the worker has already applied it, and
 * the page goes on to the site. A failed ask leaves the page as it is.
 */
export function useLessonCheck(stoppedUrl: string): boolean {
  const [opening, setOpening] = useState(false);
  useEffect(() => {
    if (!stoppedUrl) return;
    askWorker({ type: 'lesson/check' }).then(
      (reply) => {
        if (!reply.opened) return;
        setOpening(true);
        location.replace(stoppedUrl);
      },
      () => undefined,
    );
  }, [stoppedUrl]);
  return opening;
}
