// F4 bad input: fast-check generates broken inputs for every job type — from the README's valid
// example, one top-level field removed, given a value of the wrong type, replaced by a 1 MB
// string, or joined by an unknown field; invalid crons, time zones, emails and ids made of
// unicode and injected quotes; unknown job types — and sends them through MCP (the SDK's Client
// over stdio) and the CLI. Each is refused with a message naming the field and what it must
// be; no workflow starts and Looker sees no write.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import fc from 'fast-check';
import { JOB_TYPES } from '../jobs/catalog';
import { waitFor } from '../scripts/wait-for';
import { useTemporal } from './harness';
import { jobExamples, writeCalls } from './job-helpers';
import { callError, callOk, workflowCount } from './mcp-helpers';
import { startLookerStack, type LookerStack } from './stack';

const stackReady = startLookerStack({ seed: 'demo' });
let stack: LookerStack;
let mcp: McpClient;
let env: Record<string, string>;
const examples = jobExamples(readFileSync(join(__dirname, '..', 'README.md'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'lookerflow-f4-'));
const refused = { mcp: 0, cli: 0 };

/** One broken input and the field its refusal must name. */
interface BadInput {
  type: string;
  input: unknown;
  field: string;
  what: string;
}

type JsonSchema = { properties?: Record<string, { type?: string | string[]; anyOf?: { type?: string }[] }>; required?: string[] };
let schemas: Map<string, JsonSchema>;

const MB_STRING = 'x'.repeat(1024 * 1024);
const SAMPLES: Record<string, unknown> = { string: 'text', number: 42, integer: 7, boolean: true, array: [], object: {}, null: null };
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.constantFrom(`'; DROP TABLE users; --`, `" OR "1"="1`, '`rm -rf /`', '\u0000', '\u202e', 'ünïcødé ☃ 🚀', ' ', ''),
);
const validZones = new Set(Intl.supportedValuesOf('timeZone'));

function typesOf(property: { type?: string | string[]; anyOf?: { type?: string }[] }): Set<string> | undefined {
  const types = property.type ?? property.anyOf?.map((p) => p.type);
  if (!types || (Array.isArray(types) && types.some((t) => !t))) return undefined;
  const set = new Set((Array.isArray(types) ? types : [types]) as string[]);
  // A JSON Schema integer is also a number: neither sample is wrong for it.
  if (set.has('number') || set.has('integer')) set.add('integer').add('number');
  return set;
}

function baseInput(type: string): Record<string, unknown> {
  return JSON.parse(examples.get(type)![0]) as Record<string, unknown>;
}

/** A structural break of one top-level field of a job's valid example. */
const structuralBreak: fc.Arbitrary<BadInput> = fc
  // The job types MCP offers (operator-only ones are refused there before their input is read).
  .tuple(fc.constantFrom(...JOB_TYPES.filter((j) => !j.operatorOnly).map((j) => j.type)), fc.constantFrom('missing', 'wrong type', '1 MB string', 'unknown field'), fc.nat(), fc.nat())
  .map(([type, what, pick, pickValue]): BadInput | undefined => {
    const schema = schemas.get(type)!;
    const input = baseInput(type);
    const fields = Object.keys(schema.properties ?? {});
    if (what === 'missing') {
      const required = (schema.required ?? []).filter((f) => f in input);
      if (!required.length) return undefined;
      const field = required[pick % required.length];
      delete input[field];
      return { type, input, field, what };
    }
    if (what === 'unknown field') {
      const field = `unexpected_${pick % 1000}`;
      return { type, input: { ...input, [field]: pickValue }, field, what };
    }
    const field = fields[pick % fields.length];
    if (what === '1 MB string') return { type, input: { ...input, [field]: MB_STRING }, field: `${field}|(input)`, what };
    const allowed = typesOf(schema.properties![field]);
    if (!allowed) return undefined;
    const wrong = Object.keys(SAMPLES).filter((t) => !allowed.has(t));
    if (!wrong.length) return undefined;
    return { type, input: { ...input, [field]: SAMPLES[wrong[pickValue % wrong.length]] }, field, what };
  })
  .filter((bad): bad is BadInput => bad !== undefined);

/** A constrained text (cron, time zone, email, id, duration) replaced by unicode, quotes or noise. */
const badText: fc.Arbitrary<BadInput> = fc
  .tuple(fc.constantFrom('cron', 'timezone', 'email', 'dashboardId', 'approvalTimeout'), nasty)
  .filter(([where, text]) => !(where === 'timezone' && validZones.has(text)) && !(where === 'approvalTimeout' && /^\d+(ms|s|m|h|d)$/.test(text)))
  .map(([where, text]): BadInput => {
    if (where === 'cron' || where === 'timezone') {
      const input = baseInput('setupKpiMonitoring') as { schedule: Record<string, unknown> };
      input.schedule[where] = where === 'cron' ? `${text} 61 * *` : text;
      return { type: 'setupKpiMonitoring', input, field: `schedule.${where}`, what: `invalid ${where}` };
    }
    if (where === 'email') return { type: 'onboardUser', input: { ...baseInput('onboardUser'), email: `${text}@@` }, field: 'email', what: 'invalid email' };
    if (where === 'dashboardId') return { type: 'renderDashboard', input: { ...baseInput('renderDashboard'), dashboardId: `1${text}x` }, field: 'dashboardId', what: 'invalid id' };
    return { type: 'archiveStaleContent', input: { ...baseInput('archiveStaleContent'), approvalTimeout: text }, field: 'approvalTimeout', what: 'invalid duration' };
  });

const badInput = fc.oneof(structuralBreak, badText);

/** The refusal names the field (by its path) and says what it must be. */
function assertNamesField(message: string, bad: BadInput): void {
  const fields = bad.field.split('|');
  assert.ok(
    fields.some((f) => message.includes(`${f}:`) || (bad.what === 'unknown field' && message.includes(f))),
    `${bad.what} of ${bad.type}.${bad.field}: the refusal names the field\n${message.slice(0, 500)}`,
  );
  assert.match(message, /must|expected|required|at most|unrecognized|invalid|not a|valid/i, 'the refusal says what the field must be');
}

function lookerflow(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [resolve(__dirname, '../bin/lookerflow.js'), ...args], { env, timeout: 120_000 }, (error, _stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe('F4 bad input', () => {
  before(async () => {
    stack = await stackReady;
    const { address } = await useTemporal();
    env = { PATH: process.env.PATH ?? '', TEMPORAL_ADDRESS: address, LOOKERFLOW_TASK_QUEUE: stack.taskQueue };
    const transport = new StdioClientTransport({ command: process.execPath, args: ['bin/lookerflow.js', 'mcp'], cwd: resolve(__dirname, '..'), env });
    mcp = new McpClient({ name: 'f4-bad-input', version: '1.0.0' });
    await mcp.connect(transport);
    after(() => mcp.close());
    const { jobTypes, $defs } = await callOk<{ jobTypes: { type: string; inputSchema: JsonSchema & { $ref?: string } }[]; $defs: Record<string, JsonSchema> }>(mcp, 'list_job_types');
    schemas = new Map(jobTypes.map((j) => [j.type, j.inputSchema.$ref ? $defs[j.inputSchema.$ref.replace('#/$defs/', '')] : j.inputSchema]));
    stack.emulator.admin.clearCalls();
  });

  it('MCP start_job and create_schedule refuse every broken input, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(badInput, async (bad) => {
        assertNamesField(await callError(mcp, 'start_job', { type: bad.type, input: bad.input }), bad);
        refused.mcp++;
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(nasty, fc.constantFrom('cron', 'timezone', 'type'), async (text, field) => {
        const args = { type: 'auditContentAccess', input: { dashboard: { id: '1' } }, cron: '0 6 * * MON', timezone: 'UTC', [field]: field === 'cron' ? `${text} 99 * *` : `${text}/Nowhere` };
        const message = await callError(mcp, 'create_schedule', args);
        assert.match(message, new RegExp(field === 'type' ? 'Unknown job type' : field), `create_schedule names ${field}: ${message}`);
        refused.mcp++;
      }),
      { numRuns: 30 },
    );
  });

  it('MCP refuses unknown job types, listing the known ones', async () => {
    await fc.assert(
      fc.asyncProperty(nasty.filter((t) => !JOB_TYPES.some((j) => j.type === t)), async (type) => {
        assert.match(await callError(mcp, 'start_job', { type: type || 'x', input: {} }), /Unknown job type .*Known types: .*onboardUser|type/);
        refused.mcp++;
      }),
      { numRuns: 20 },
    );
  });

  it('the CLI refuses the same broken inputs with exit code 2, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(badInput, async (bad) => {
        const file = join(scratch, 'input.json');
        writeFileSync(file, JSON.stringify(bad.input));
        const { code, stderr } = await lookerflow('start', bad.type, '--input-file', file);
        assert.equal(code, 2, stderr);
        assertNamesField(stderr, bad);
        refused.cli++;
      }),
      // Each CLI call is a process start (about 5 s on a loaded 2-core machine): fewer runs.
      { numRuns: 8 },
    );
  });

  it('started no workflow and made no Looker write', async () => {
    // Visibility lags: a job started now becomes countable, so wait for it before counting.
    const marker = await callOk(mcp, 'start_job', { type: 'auditContentAccess', input: { dashboard: { id: '1' } } });
    const workflows = await waitFor('the marker job is visible', async () => {
      const { count } = await stack.client.workflow.count(`WorkflowId = '${marker.jobId}'`);
      return count === 1 ? workflowCount(stack.client, stack.taskQueue) : undefined;
    });
    await callOk(mcp, 'wait_for_job', { jobId: marker.jobId });
    assert.equal(workflows, 1, 'only the (read-only) marker job started');
    const writes = writeCalls(stack.emulator);
    assert.deepEqual(writes, []);
    console.log(`F4 bad input: ${refused.mcp + refused.cli}/${refused.mcp + refused.cli} refused (${refused.mcp} MCP, ${refused.cli} CLI), ${workflows - 1} workflows started, ${writes.length} Looker writes`);
  });
});
