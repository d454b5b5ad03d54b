// The writer thread's entry: a worker starts without the TypeScript loader the endpoint runs under (tsx),
// so it registers it for itself, then loads the thread's code.
import { tsImport } from 'tsx/esm/api';

await tsImport('./writer-thread.ts', import.meta.url);
