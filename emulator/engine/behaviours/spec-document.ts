/** The spec document `/versions` advertises, served as Looker serves it. */
import { readFileSync } from 'node:fs';
import { notFound } from '../../core/errors';
import { Reply } from '../../core/reply';
import { SPEC_PATH } from '../../core/spec';
import type { Behaviour } from '../engine';

let document: Buffer | undefined;

export function specDocument(): Reply {
  document ??= readFileSync(SPEC_PATH);
  return Reply.binary(document, 'application/json');
}

export const specBehaviours: Record<string, Behaviour> = {
  api_spec: (ctx) => {
    if (ctx.params.string('api_version') !== '4.0') throw notFound('API version not found');
    if (!['swagger', 'openapi', 'oas'].includes(ctx.params.string('specification'))) throw notFound('Specification not found');
    return specDocument();
  },
};
