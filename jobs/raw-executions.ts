// The raw Temporal responses the job service reads where the client's public API has no decoded
// form: a list page (the raw call is the one that hands back a page token) and a description's
// pending activities. Decoded here with public APIs only.
import type { WorkflowExecutionDescription, WorkflowExecutionStatusName } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

export type RawExecutionInfo = NonNullable<WorkflowExecutionDescription['raw']['workflowExecutionInfo']>;
type RawTimestamp = RawExecutionInfo['startTime'];

/** temporal.api.enums.v1.WorkflowExecutionStatus by number, named as a description names it. */
const STATUS_NAMES: Record<number, WorkflowExecutionStatusName> = {
  0: 'UNSPECIFIED', 1: 'RUNNING', 2: 'COMPLETED', 3: 'FAILED', 4: 'CANCELLED', 5: 'TERMINATED', 6: 'CONTINUED_AS_NEW', 7: 'TIMED_OUT', 8: 'PAUSED',
};

/** Milliseconds since the epoch of a protobuf Timestamp, or undefined when it is unset. */
export function timestampMs(timestamp: RawTimestamp): number | undefined {
  if (timestamp?.seconds == null) return undefined;
  const seconds = typeof timestamp.seconds === 'number' ? timestamp.seconds : timestamp.seconds.toNumber();
  return seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1_000_000);
}

/** What the job list shows of one raw visibility row. */
export function listedExecution(raw: RawExecutionInfo) {
  const startMs = timestampMs(raw.startTime);
  const closeMs = timestampMs(raw.closeTime);
  return {
    workflowId: raw.execution?.workflowId ?? '',
    type: raw.type?.name ?? '',
    statusName: STATUS_NAMES[Number(raw.status ?? 0)] ?? 'UNKNOWN',
    startTime: new Date(startMs ?? 0),
    closeTime: closeMs === undefined ? undefined : new Date(closeMs),
    /** A keyword search attribute's value (stored as a JSON payload). */
    keyword(key: { name: string }): string | undefined {
      const payload = raw.searchAttributes?.indexedFields?.[key.name];
      return payload ? defaultPayloadConverter.fromPayload<string>(payload) : undefined;
    },
  };
}
