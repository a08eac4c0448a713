// A job's input on the command line: inline JSON, `@file.json`, or `-` for stdin, so large
// inputs (a thousand users to onboard) need no shell quoting.
import { readFileSync } from 'node:fs';
import { JobRequestError } from '../jobs/job-service';

export function readInput(inline: string | undefined, file: string | undefined, stdin: () => string = () => readFileSync(0, 'utf8')): unknown {
  if (inline !== undefined && file !== undefined) throw new JobRequestError('give --input or --input-file, not both');
  const source = file !== undefined ? `@${file}` : inline;
  if (source === undefined) return {};
  let text: string;
  let from: string;
  if (source === '-') [text, from] = [stdin(), '--input - (stdin)'];
  else if (source.startsWith('@')) {
    from = `--input ${source}`;
    try {
      text = readFileSync(source.slice(1), 'utf8');
    } catch (error) {
      throw new JobRequestError(`${from}: cannot read the file: ${(error as Error).message}`);
    }
  } else [text, from] = [source, '--input'];
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JobRequestError(`${from} is not JSON: ${(error as Error).message}`);
  }
}
