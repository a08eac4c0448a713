// The interpreter a script runs in, inside the workflow. SandboxJS parses the script and walks
// its tree (no eval, no new Function, which the workflow sandbox forbids anyway), checks every
// property access against a prototype whitelist (so `constructor` chains and host prototypes
// lead nowhere) and counts steps, so an endless loop ends with a clear error at the same step
// on every replay. The script sees only the globals given here.
import type SandboxClass from '@nyariv/sandboxjs' with { 'resolution-mode': 'import' };

// The package ships CommonJS too; its types are declared for ESM only, hence the typed require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sandbox = (require('@nyariv/sandboxjs') as { default: typeof SandboxClass }).default;

/** Language builtins a script may use: no Function/eval/globalThis, no clock, no randomness, no timers, no typed arrays. */
const BUILTINS = [
  'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent',
  'Boolean', 'Number', 'String', 'Object', 'Array', 'Symbol', 'Map', 'Set', 'Promise', 'JSON', 'RegExp',
  'Error', 'RangeError', 'TypeError', 'SyntaxError', 'ReferenceError',
] as const;

/** Steps allowed between two waits; sized so the slowest steps stay well inside Temporal's 2 s per workflow task. */
export const STEPS_BETWEEN_WAITS = 400;
/**
 * With `lanesAdd`, answers that come back in the same workflow task each add their lane's
 * allowance, up to this many steps in that task (about 0.5 s on an idle 2-core machine).
 */
export const STEPS_PER_WORKFLOW_TASK = 1_200;

/** Patch id (runScript): lanes resumed in one workflow task each get their allowance; earlier runs shared one. */
export const SCRIPT_STEPS_PER_LANE = 'script-steps-per-lane';

export interface SandboxLimits {
  maxSteps: number;
  maxStringLength: number;
  /**
   * Each wait that ends in the workflow task that `clock` names (the workflow's Date.now(), fixed
   * for a task) adds its allowance instead of restarting a shared one: parallel lanes resumed
   * together each get theirs. Unset: one allowance, restarted by every wait.
   */
  lanesAdd?: { clock: () => number };
}

const FOR_WITHOUT_CONDITION = /\bfor\s*\([^;()]*;\s*;/;

export class ScriptBudgetError extends Error {
  override name = 'ScriptBudgetError';
}

export interface ScriptRun {
  /** Resolves to the script's return value; rejects with what it threw (or a budget error). */
  result: Promise<unknown>;
  /** Interpreter steps used so far. */
  steps(): number;
  /** Call after each wait (a Looker call, a timer, an approval): the next stretch may compute again. */
  waited(): void;
}

export function runInSandbox(script: string, globals: Record<string, unknown>, limits: SandboxLimits): ScriptRun {
  provideMissingTimers();
  const builtins: Record<string, unknown> = {};
  const safe = (Sandbox as unknown as { SAFE_GLOBALS: Record<string, unknown> }).SAFE_GLOBALS;
  for (const name of BUILTINS) builtins[name] = safe[name];
  builtins.Math = mathWithoutRandom();
  const sandbox = new Sandbox({
    globals: builtins,
    executionQuota: BigInt(limits.maxSteps),
    functionReplacements: boundedStringBuilders(limits.maxStringLength),
  });
  let compiled: ReturnType<ReturnType<typeof sandbox.compileAsync>>;
  // SandboxJS counts no step for a `for` without a condition, so such a loop could spin forever.
  if (FOR_WITHOUT_CONDITION.test(script)) {
    return { result: Promise.reject(new SyntaxError('write a `for (…; ; …)` loop without a condition as `while (true)`: scripts may not use it')), steps: () => 0, waited: () => undefined };
  }
  try {
    compiled = sandbox.compileAsync(script)(globals);
  } catch (error) {
    return { result: Promise.reject(new SyntaxError(`the script does not parse: ${error instanceof Error ? error.message : String(error)}`)), steps: () => 0, waited: () => undefined };
  }
  const ticks = compiled.context.ctx.ticks;
  const total = BigInt(limits.maxSteps);
  // The interpreter cannot pause inside plain code, and Temporal ends a workflow task that
  // computes for more than 2 s (a step in the script's async body costs about 0.4 ms there on an
  // idle machine and several times that on a loaded one, since every promise records a stack
  // trace). So each stretch between two waits (a Looker call, a timer, an approval) gets its own
  // small step allowance, re-armed by `waited()`.
  let sliceEnd = 0n;
  let task: { at: number; end: bigint } | undefined;
  const waited = () => {
    const now = ticks.ticks;
    const at = limits.lanesAdd?.clock();
    if (at !== undefined && task?.at === at) {
      // Another answer in the same workflow task: its lane adds an allowance, within the task's.
      const end = (sliceEnd > now ? sliceEnd : now) + BigInt(STEPS_BETWEEN_WAITS);
      sliceEnd = end < task.end ? end : task.end;
    } else {
      if (at !== undefined) task = { at, end: now + BigInt(STEPS_PER_WORKFLOW_TASK) };
      sliceEnd = now + BigInt(STEPS_BETWEEN_WAITS);
    }
    ticks.tickLimit = sliceEnd < total ? sliceEnd : total;
  };
  waited();
  const steps = () => Number(ticks.ticks);
  // A budget error from inside a plain function can be thrown synchronously by run().
  const result = Promise.resolve().then(() => compiled.run()).catch((error: unknown) => {
    throw explain(error, limits, ticks.ticks >= total ? undefined : STEPS_BETWEEN_WAITS);
  });
  return { result, steps, waited };
}

/** Budget and stack errors as a person should read them; anything else as the script threw it. */
function explain(error: unknown, limits: { maxSteps: number }, slice: number | undefined): unknown {
  const name = error instanceof Error ? error.constructor.name : '';
  if (name === 'SandboxExecutionQuotaExceededError' && slice !== undefined) {
    return new ScriptBudgetError(
      `the script ran ${slice} steps without waiting on a Looker call, sleep() or approve() (an endless loop?); ` +
        'a workflow may not compute long between two waits: do heavy data work with looker.query filters or in smaller pieces',
    );
  }
  if (name === 'SandboxExecutionQuotaExceededError') {
    return new ScriptBudgetError(`the script used its whole step budget of ${limits.maxSteps} steps (an endless loop?); raise limits.maxSteps if the work is real`);
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new ScriptBudgetError('the script recursed too deeply (Maximum call stack size exceeded)');
  }
  if (error instanceof RangeError && /Invalid (string|array) length|Array buffer allocation/i.test(error.message)) {
    return new ScriptBudgetError(`the script tried to build a value too large for its memory budget (${error.message})`);
  }
  if (name === 'SandboxAccessError' || name === 'SandboxCapabilityError') {
    return new ScriptBudgetError(`the script reached for something scripts may not use: ${(error as Error).message}`);
  }
  return error;
}

/**
 * SandboxJS maps the host's timer functions to sandboxed ones when it compiles, and the workflow
 * sandbox has no setInterval / clearInterval. Scripts never see timers (not in BUILTINS): these
 * stand-ins only let the compile step find the names.
 */
function provideMissingTimers(): void {
  const scope = globalThis as Record<string, unknown>;
  for (const name of ['setInterval', 'clearInterval']) {
    if (typeof scope[name] !== 'function') {
      scope[name] = () => {
        throw new Error(`${name} is not available in a workflow`);
      };
    }
  }
}

function mathWithoutRandom(): Record<string, unknown> {
  const math: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(Math)) if (name !== 'random') math[name] = (Math as unknown as Record<string, unknown>)[name];
  return Object.freeze(math);
}

/** repeat / padStart / padEnd build a long string in one step: they are held to the memory budget. */
function boundedStringBuilders(maxLength: number): Map<Function, () => Function> {
  const bounded = (original: (this: string, ...args: any[]) => string, lengthOf: (s: string, args: any[]) => number) =>
    function (this: string, ...args: any[]) {
      const length = lengthOf(String(this), args);
      if (!(length <= maxLength)) {
        throw new ScriptBudgetError(`the script tried to build a string of ${length} characters; the memory budget allows ${maxLength}`);
      }
      return original.apply(this, args);
    };
  return new Map<Function, () => Function>([
    [String.prototype.repeat, () => bounded(String.prototype.repeat, (s, [n]) => s.length * Number(n))],
    [String.prototype.padStart, () => bounded(String.prototype.padStart, (s, [n]) => Math.max(s.length, Number(n)))],
    [String.prototype.padEnd, () => bounded(String.prototype.padEnd, (s, [n]) => Math.max(s.length, Number(n)))],
  ]);
}
