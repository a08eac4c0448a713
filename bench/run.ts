// `npm run bench`: the runs too long for `npm test`, each against its own dev server and emulator.
// Settings come from the environment (see benchOptionsFromEnv); exits non-zero when a run fails.
import { benchBulkOnboard, benchOptionsFromEnv, printBulkOnboardReport } from './bulk-onboard';

async function main(): Promise<number> {
  const report = await benchBulkOnboard(benchOptionsFromEnv());
  return printBulkOnboardReport(report) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
