/**
 * The update manifest Chrome polls for a self-hosted extension (the URL after
 * the `;` in ExtensionInstallForcelist). Pure.
 */
function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function updateXml(input: { extensionId: string; version: string; crxUrl: string }): string {
  if (!/^[a-p]{32}$/.test(input.extensionId)) throw new Error(`not an extension id: ${input.extensionId}`);
  if (!/^\d+(\.\d+){0,3}$/.test(input.version)) throw new Error(`not a Chrome extension version: ${input.version}`);
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${input.extensionId}'>`,
    `    <updatecheck codebase='${attribute(input.crxUrl)}' version='${input.version}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}
