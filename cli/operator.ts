// The CLI speaks for the operator at the shell: jobs it starts and decisions it makes carry
// `operator:<OS user>`. An operator may approve any job, their own included: whoever runs the
// CLI holds the Temporal access that could send the decision directly anyway.
import { userInfo } from 'node:os';
import type { Principal } from '../contracts/job';

export function operatorPrincipal(env: NodeJS.ProcessEnv = process.env): Principal {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = env.USER; // no passwd entry for the uid (some containers)
  }
  return { name: `operator:${user || 'unknown'}` };
}
