import { useEffect, useState } from 'preact/hooks';
import type { LessonCheckReply } from '../../overrides/panel';
import { askWorker } from './worker-client';

/** `closed`: asked, and nothing has opened this site (or the ask failed). */
export type LessonCheck = 'checking' | 'closed' | 'opening';

/**
 * On every block or warn page: has a teacher opened this site for the lesson,
 * or the school (its lists on the dashboard), since the rules last changed?
 * If so the worker has already applied it, and the page goes on to the site.
 * A failed ask leaves the page as it is.
 */
export function useLessonCheck(stoppedUrl: string): { check: LessonCheck; by: LessonCheckReply['by'] } {
  const [check, setCheck] = useState<LessonCheck>(stoppedUrl ? 'checking' : 'closed');
  const [by, setBy] = useState<LessonCheckReply['by']>(undefined);
  useEffect(() => {
    if (!stoppedUrl) return;
    askWorker({ type: 'lesson/check' }).then(
      (reply) => {
        if (!reply.opened) {
          setCheck('closed');
          return;
        }
        setBy(reply.by);
        setCheck('opening');
        location.replace(stoppedUrl);
      },
      () => setCheck('closed'),
    );
  }, [stoppedUrl]);
  return { check, by };
}
