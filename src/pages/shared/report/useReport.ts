/**
 * One report's life on a page: send it, show how it went, add a reason.
 * Shared by the popup and the block and warn pages, so every entry point
 * reads the same and ends in the same report.
 */
import { useState } from 'preact/hooks';
import type { ReportReason } from '../../../reports/model';
import type { ReportView } from '../../../shared/messages';
import { askWorker } from '../worker-client';

export interface ReportState {
  view: ReportView | null;
  busy: boolean;
  /** Set when the worker could not even store the report. */
  error: boolean;
  /** True once the reason and comment were added. */
  followedUp: boolean;
  send(ask: () => Promise<ReportView>): Promise<void>;
  followUp(reason: ReportReason | null, comment: string): Promise<void>;
  show(view: ReportView): void;
}

export function useReport(): ReportState {
  const [view, setView] = useState<ReportView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  const [followedUp, setFollowedUp] = useState(false);

  async function send(ask: () => Promise<ReportView>): Promise<void> {
    setBusy(true);
    setError(false);
    try {
      setView(await ask());
    } catch {
      setError(true);
    }
    setBusy(false);
  }

  async function followUp(reason: ReportReason | null, comment: string): Promise<void> {
    if (!view) return;
    setBusy(true);
    setError(false);
    try {
      setView(await askWorker({ type: 'report/follow-up', id: view.id, reason, comment: comment.trim() ? comment.trim().slice(0, 2000) : null }));
      setFollowedUp(true);
    } catch {
      setError(true);
    }
    setBusy(false);
  }

  return { view, busy, error, followedUp, send, followUp, show: setView };
}
