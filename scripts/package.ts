/**
 * `npm run package`: the built extension as a school deploys it.
 *   package/school-filter-VERSION.crx   CRX3 signed with the school's key, for self-hosting
 *   package/update.xml                  the update manifest Chrome polls (ExtensionInstallForcelist)
 *   package/school-filter-VERSION-webstore.zip   for a private Chrome Web Store listing (with --store-key)
 *
 * Options (after `--`):
 *   --base-url URL     where update.xml and the CRX will be served (required for a real deploy)
 *   --version X.Y.Z    package this version instead of manifest.json's (tests publish N+1 this way)
 *   --from DIR         package this built extension instead of dist/
 *   --out DIR          write here instead of package/
 *   --store-key BASE64 the public key the Web Store dashboard shows for the listing
 *   --test-build       package a test build (the install e2e test only: it drives the worker's test handle)
 *   --allow-seed-lists package a build that holds the curated seed lists only (it refuses one otherwise)
 * The signing key is the PEM file named by SCHOOL_FILTER_SIGNING_KEY; without
 * it the repository's public development key is used, with a warning.
 *
 * Block-page redirects in the static rulesets name the extension id, and the
 * id follows the key, so a package signed with another key gets its rulesets
 * recompiled for that id (the same lists: rules/sources.json and sources.local.json).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extensionIdOf, publicKeyOf, signCrx3 } from './package/crx3';
import { listSetOf } from './package/list-set';
import { filesWithTestHandle } from './package/test-handle-check';
import { updateXml } from './package/update-xml';
import { zipFiles, type ZipEntry } from './package/zip';

const root = join(import.meta.dirname, '..');
const DEVELOPMENT_KEY = join(root, 'keys', 'development.pem');

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    version: { type: 'string' },
    from: { type: 'string' },
    out: { type: 'string' },
    'store-key': { type: 'string' },
    'test-build': { type: 'boolean', default: false },
    'allow-seed-lists': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`package: ${message}`);
  process.exit(2);
}

function filesUnder(dir: string): ZipEntry[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => name.split('\\').join('/'))
    // _metadata is Chrome's own index of a loaded unpacked copy; Chrome refuses packages that carry one.
    .filter((name) => !name.startsWith('_metadata/') && name !== '_metadata' && statSync(join(dir, name)).isFile())
    .map((path) => ({ path, data: readFileSync(join(dir, path)) }));
}

/**
 * A copy of the build with `key` and `version` set (and `update_url` for a
 * self-hosted CRX: Chrome fetches later versions from the manifest's
 * update_url, not from the policy's), rulesets compiled for that key's id.
 */
function stage(from: string, dir: string, manifestKey: string, version: string, updateUrl?: string): void {
  rmSync(dir, { recursive: true, force: true });
  cpSync(from, dir, { recursive: true });
  rmSync(join(dir, '_metadata'), { recursive: true, force: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const builtKey = manifest.key as string;
  manifest.version = version;
  manifest.key = manifestKey;
  if (updateUrl) manifest.update_url = updateUrl;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  if (manifestKey !== builtKey) {
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-rules.ts'), '--manifest', manifestPath, '--out', join(dir, 'rules', 'build')], {
      cwd: root,
      stdio: 'inherit',
    });
  }
}

function main(): void {
  const from = resolve(args.from ?? join(root, 'dist'));
  if (!existsSync(join(from, 'manifest.json'))) fail(`${from} has no manifest.json: run \`npm run build\` first (npm run package does)`);
  const withHandle = filesWithTestHandle(from);
  if (withHandle.length > 0 && args['test-build']) {
    console.warn(`package: WARNING: packaging a test build (${withHandle.join(', ')} carries the worker's test handle), as --test-build asked: never deploy it`);
  } else if (withHandle.length > 0) {
    fail(`${from} is a test build (${withHandle.join(', ')} carries the e2e harness's worker handle): run \`npm run build\` (npm run package does), never build:test, before packaging`);
  }
  const lists = listSetOf(from);
  if (lists.warning && !args['allow-seed-lists']) fail(`${lists.warning}. To publish it as it is, pass --allow-seed-lists.`);
  if (lists.warning) console.warn(`package: WARNING: ${lists.warning}`);
  const built = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8'));
  const version = args.version ?? (built.version as string);
  if (!/^\d+(\.\d+){0,3}$/.test(version)) fail(`--version ${version}: Chrome versions are 1 to 4 dot-separated integers`);
  const out = resolve(args.out ?? join(root, 'package'));
  mkdirSync(out, { recursive: true });

  const keyPath = process.env.SCHOOL_FILTER_SIGNING_KEY ? resolve(process.env.SCHOOL_FILTER_SIGNING_KEY) : DEVELOPMENT_KEY;
  if (!existsSync(keyPath)) fail(`SCHOOL_FILTER_SIGNING_KEY names ${keyPath}, which does not exist`);
  if (keyPath === DEVELOPMENT_KEY) {
    console.warn('package: WARNING: signing with keys/development.pem, which is public. For a school, create a key once');
    console.warn('package:   (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out school-filter.pem), keep it safe,');
    console.warn('package:   and set SCHOOL_FILTER_SIGNING_KEY=/path/to/school-filter.pem: the key is the extension id.');
  }
  const pem = readFileSync(keyPath, 'utf8');
  let publicKeyBase64: string;
  try {
    publicKeyBase64 = publicKeyOf(pem).toString('base64');
  } catch (error) {
    fail(`${keyPath} is not a PEM private key: ${(error as Error).message}`);
  }

  const baseUrl = (args['base-url'] ?? 'https://filter.school.example/extension').replace(/\/+$/, '');
  if (!args['base-url']) console.warn(`package: WARNING: no --base-url; update.xml points at ${baseUrl}, a placeholder`);

  const crxStage = join(out, 'staging', 'crx');
  stage(from, crxStage, publicKeyBase64, version, `${baseUrl}/update.xml`);
  const signed = signCrx3(zipFiles(filesUnder(crxStage)), pem);
  const crxName = `school-filter-${version}.crx`;
  writeFileSync(join(out, crxName), signed.crx);

  writeFileSync(join(out, 'update.xml'), updateXml({ extensionId: signed.extensionId, version, crxUrl: `${baseUrl}/${crxName}` }));

  const lines = [
    `School Filter ${version}`,
    `  lists:        ${lists.line}`,
    `  extension id: ${signed.extensionId}`,
    `  CRX:          ${relative(process.cwd(), join(out, crxName))} (signed with ${relative(process.cwd(), keyPath)})`,
    `  update.xml:   ${relative(process.cwd(), join(out, 'update.xml'))}: serve both at ${baseUrl}/`,
    `  Admin console (or ExtensionInstallForcelist): ${signed.extensionId};${baseUrl}/update.xml`,
  ];

  const storeKey = args['store-key'];
  if (storeKey) {
    let storeId: string;
    try {
      storeId = extensionIdOf(Buffer.from(storeKey, 'base64'));
    } catch {
      fail('--store-key is not base64');
    }
    const storeStage = join(out, 'staging', 'webstore');
    // Compile for the store's id, then drop `key` (the store refuses it).
    stage(from, storeStage, storeKey, version);
    const manifestPath = join(storeStage, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    delete manifest.key;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const zipName = `school-filter-${version}-webstore.zip`;
    writeFileSync(join(out, zipName), zipFiles(filesUnder(storeStage)));
    lines.push(`  Web Store zip: ${relative(process.cwd(), join(out, zipName))} (for the listing whose id is ${storeId})`);
  } else {
    lines.push('  Web Store zip: not made; pass --store-key with the public key the store shows for your listing, so');
    lines.push('    block pages are compiled for the id the store gives the extension');
  }
  rmSync(join(out, 'staging'), { recursive: true, force: true });
  console.log(lines.join('\n'));
}

main();
