/** Looker API 4.0 emulator: start it in-process with `startEmulator()`. */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator';
export type { EmulatorAdmin } from './admin';
export type { EmulatorConfig, RateLimitConfig } from './core/config';
export type { Fault } from './core/faults';
export type { CallRecord, Counters } from './core/call-log';
export type { EmulatorState } from './core/state';
export type { SeedSpec } from './seeds';
export { DEMO_IDS } from './seeds/demo';
export { ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, USER_CLIENT_ID, USER_CLIENT_SECRET } from './seeds/base';
