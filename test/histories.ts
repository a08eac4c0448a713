// The committed workflow histories under test/histories/<workflowType>/<case>.json, which
// test/replay.test.ts replays against the current workflow code. Each file holds one run:
// `{ workflowId, history }` (the replayer needs the id: workflows read it).
//
// The history is the JSON form of the History message as @temporalio/proto writes it
// (`History.toJSON()`), not the proto3 JSON of `historyToJSON` / `temporal workflow show -o json`:
// with @temporalio/common 1.24.0 installed next to protobufjs 7 (from @grpc/proto-loader),
// common and proto each get their own protobufjs 8, and `historyToJSON` / `historyFromJSON`
// fail with "type must be a Type". The message's own toJSON/fromObject use one copy and round-trip.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { temporal } from '@temporalio/proto';

export type History = temporal.api.history.v1.IHistory;

export const HISTORIES_DIR = join(__dirname, 'histories');

export interface HistoryFile {
  /** Path relative to test/histories, e.g. `bulkOnboard/two-runs.run1.json`. */
  name: string;
  workflowId: string;
  history: History;
}

export function saveHistory(workflowType: string, caseName: string, workflowId: string, history: History): string {
  const dir = join(HISTORIES_DIR, workflowType);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${caseName}.json`);
  const json = temporal.api.history.v1.History.fromObject(history).toJSON();
  writeFileSync(path, JSON.stringify({ workflowId, history: json }, null, 1) + '\n');
  return path;
}

/** Every committed history, in path order. */
export function loadHistories(): HistoryFile[] {
  const files: HistoryFile[] = [];
  for (const type of readdirSync(HISTORIES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(HISTORIES_DIR, type)).filter((f) => f.endsWith('.json')).sort()) {
      files.push(loadHistory(join(HISTORIES_DIR, type, file)));
    }
  }
  return files;
}

export function loadHistory(path: string): HistoryFile {
  const name = relative(HISTORIES_DIR, path);
  const json = JSON.parse(readFileSync(path, 'utf8')) as { workflowId?: string; history?: object };
  if (!json.workflowId || !json.history) throw new Error(`${name}: expected { workflowId, history }`);
  return { name, workflowId: json.workflowId, history: temporal.api.history.v1.History.fromObject(json.history) };
}
