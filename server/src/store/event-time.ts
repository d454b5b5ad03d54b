/**
 * The time the endpoint records for an event. A device names the time it
 * made each event; it cannot have made one after the endpoint received it,
 * so a time far past the receive time is a clock that is wrong (or a forged
 * event), and is clamped to the receive time. The device's claim stays in the
 * stored event, and the row is marked, so nothing is lost and the dashboard
 * can say "the device's clock was ahead". Past times are never touched:
 * a device offline for a holiday legitimately sends weeks-old events.
 *
 * Issue 16: 1,200 blocks dated 9999 sat above every real alert, and one
 * event dated 9999 froze a device's record on a decoy user.
 */

/**
 * How far ahead of the endpoint's clock a device's time may be before it is
 * clamped. A ChromeOS device sets its clock from the network, so a synced
 * clock is within a second; a free-running real-time clock drifts at most
 * about 20 ppm, under two seconds a day, so even a month offline stays within
 * a minute or so. Five minutes (Kerberos' default allowance for clock skew)
 * leaves room for that, for upload latency and for the endpoint's own clock,
 * while any clock further ahead than that is wrong and worth showing.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface RecordedTime {
  /** ISO 8601 UTC: the device's time, or the receive time when the device's was too far ahead. */
  time: string;
  /** The device's own time when it was clamped, else null. */
  claimedTime: string | null;
}

export function recordedTime(claimed: string, receivedAt: Date): RecordedTime {
  const claimedMs = Date.parse(claimed);
  if (claimedMs - receivedAt.getTime() > FUTURE_TOLERANCE_MS) {
    return { time: receivedAt.toISOString(), claimedTime: new Date(claimedMs).toISOString() };
  }
  return { time: new Date(claimedMs).toISOString(), claimedTime: null };
}
