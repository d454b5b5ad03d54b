// Tells the person who ran `npm start` what they built and where it is.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extensionIdFromKey } from '../src/shared/extension-id';

const manifest = JSON.parse(readFileSync('dist/manifest.json', 'utf8'));
console.log(`
Built School Filter ${manifest.version}
  unpacked extension: ${resolve('dist')}
  extension id:       ${await extensionIdFromKey(manifest.key)}
Load it in chrome://extensions (Developer mode, "Load unpacked"), or force-install it
through the Admin console (README, "Deploying").`);
