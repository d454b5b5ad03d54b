/** The bench endpoint's tokens and dashboard user (loopback only, thrown away after the run). */
export const BENCH_DEVICE_TOKEN = 'bench-device-token-0123456789abcdef';
export const BENCH_STAFF_TOKEN = 'bench-staff-token-0123456789abcdef';
export const BENCH_DASHBOARD_USER = { username: 'bench', password: 'bench passphrase for the ingest run' };
