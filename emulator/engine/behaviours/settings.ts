/** Instance-wide settings that are not records of their own (the default theme and color collection). */
import type { EmulatorState } from '../../core/state';
import { collection, insertRecord } from '../store';

export const SETTINGS_MODEL = '_settings';

export function settingsOf(state: EmulatorState): Record<string, unknown> {
  const record = collection(state, SETTINGS_MODEL)[0] ?? insertRecord(state, SETTINGS_MODEL, {});
  return record.value;
}
