import { useEffect, useState } from 'preact/hooks';
import { askWorker } from './worker-client';

/** `closed`: asked, and no lesson allowlist opens this site (or the ask failed). */
export type LessonCheck = 'checking' | 'closed' | 'opening';

/**
 * On every block or warn page: has a teacher opened this site for the lesson
 * since the rules last changed? If so the worker has already applied it, and
 * the page goes on to the site. A failed ask leaves the page as it is.
 */
export function useLessonCheck(stoppedUrl: string): LessonCheck {
  const [check, setCheck] = useState<LessonCheck>(stoppedUrl ? 'checking' : 'closed');
  useEffect(() => {
    if (!stoppedUrl) return;
    askWorker({ type: 'lesson/check' }).then(
      (reply) => {
        if (!reply.opened) {
          setCheck('closed');
          return;
        }
        setCheck('opening');
        location.replace(stoppedUrl);
      },
      () => setCheck('closed'),
    );
  }, [stoppedUrl]);
  return check;
}
