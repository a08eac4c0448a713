// `files get|put|list`: the file store, reached through the engine like the MCP resources.
import { once } from 'node:events';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { JobService } from '../../jobs/job-service';
import { fail, limit, type CommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../output';

export async function runFilesCommand({ values, positionals: [sub, arg] }: CommandArgs, jobs: JobService, out: Out): Promise<number> {
  const print = (value: unknown) => out.log(JSON.stringify(value, null, 2));
  switch (sub) {
    case 'get': {
      const path = arg ?? fail('files get: give the path, e.g. jobs/<jobId>/renderToFile/dashboard-1.pdf');
      // Chunk by chunk, so a file of any size is written without holding it whole.
      const target = values.out ? createWriteStream(values.out) : process.stdout;
      let bytes = 0;
      for await (const chunk of jobs.files.chunks(path)) {
        const data = Buffer.from(chunk.data, 'base64');
        bytes += data.length;
        if (!target.write(data)) await once(target, 'drain');
      }
      if (values.out) {
        await new Promise<void>((resolve, reject) => (target as WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
        out.error(`${bytes} bytes written to ${values.out}`);
      }
      return EXIT.ok;
    }
    case 'put': {
      const file = arg ?? fail('files put: give the local file to upload');
      print(await jobs.files.upload(values.name ?? basename(file), readFileSync(file)));
      return EXIT.ok;
    }
    case 'list':
      print(await jobs.files.list(arg ?? '', limit(values.limit) ?? 100));
      return EXIT.ok;
    default:
      return fail('files: give get, put or list');
  }
}
