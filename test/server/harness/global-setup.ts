/** Builds the dashboard once before the server tests, if it is missing or older than its sources. */
import { ensureDashboardBuilt } from '../../../server/src/dashboard/build';

export default async function setup(): Promise<void> {
  await ensureDashboardBuilt();
}
