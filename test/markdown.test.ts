// The one Markdown cell escaper that archive, rescue and audit reports share.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownCell } from '../common/markdown';

describe('markdownCell', () => {
  it('escapes | and folds line breaks, so a name cannot break the table', () => {
    assert.equal(markdownCell('Sales | EMEA'), 'Sales \\| EMEA');
    assert.equal(markdownCell('line one\r\nline two\nthree'), 'line one line two three');
    assert.equal(markdownCell('plain'), 'plain');
  });
});
