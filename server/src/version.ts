import pkg from '../../package.json' with { type: 'json' };

/** The endpoint ships with the extension: one version for both. */
export const VERSION: string = pkg.version;
