// The README's "## Jobs" section documents every job with an example input; each example must
// stay valid against the job's schema, and every job in the catalog must be documented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findJobType, JOB_TYPES } from '../jobs/catalog';
import { jobExamples } from './job-helpers';

const examples = jobExamples(readFileSync(join(__dirname, '..', 'README.md'), 'utf8'));

describe('README job examples', () => {
  it('documents every job type with at least one example input', () => {
    for (const job of JOB_TYPES) assert.ok(examples.get(job.type)?.length, `README "## Jobs" has a ### ${job.type} subsection with a json example`);
  });

  for (const [type, blocks] of examples) {
    it(`${type}: every example input is valid`, () => {
      const job = findJobType(type);
      assert.ok(job, `### ${type} names a job type in the catalog`);
      for (const block of blocks) {
        const parsed = job.input.safeParse(JSON.parse(block));
        assert.ok(parsed.success, `${type} example is invalid: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
    });
  }
});
