/**
 * The loopback lists mirror as a process of its own, for trying the lists
 * supply chain by hand without the internet:
 *   npx tsx test/harness/serve-lists-mirror.ts [--newest older]
 *   SCHOOL_FILTER_LISTS_MIRROR=<printed URL> npm run lists && npm run build
 */
import { parseArgs } from 'node:util';
import { startListsMirror } from './lists-mirror';

const { values } = parseArgs({ options: { newest: { type: 'string', default: 'pinned' } } });
const mirror = await startListsMirror();
if (values.newest === 'older') mirror.setNewest('older');
console.log(mirror.url);
process.on('SIGTERM', () => void mirror.close().then(() => process.exit(0)));
process.on('SIGINT', () => void mirror.close().then(() => process.exit(0)));
