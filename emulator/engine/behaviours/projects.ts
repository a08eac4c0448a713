/**
 * LookML projects: the checked-out branch per project, validation with a
 * cached result, LookML tests that pass, deploy keys; a reset goes back to
 * production. Deploys answer 204 (the engine's action default).
 */
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors';
import { Reply } from '../../core/reply';
import type { Behaviour, ResourceEngine } from '../engine';
import { requireRecord } from '../engine';
import { collection, findRecord } from '../store';

function project(ctx: RequestContext, engine: ResourceEngine): Record<string, unknown> {
  return requireRecord(ctx, engine, 'Project', ctx.params.string('project_id')).value;
}

function branch(ctx: RequestContext, projectId: string, name: string) {
  return findRecord(ctx.core.state, 'GitBranch', 'name', name, { project_id: projectId });
}

/** The branch a project has checked out: the last one created or checked out, else production. */
function currentBranch(ctx: RequestContext, p: Record<string, unknown>) {
  const name = String(p._current_branch ?? p.git_production_branch_name ?? 'main');
  return branch(ctx, String(p.id), name) ?? collection(ctx.core.state, 'GitBranch').find((r) => r.links.project_id === String(p.id));
}

function validation(ctx: RequestContext, p: Record<string, unknown>) {
  const digest = createHash('sha1').update(`${String(p.id)}:${String(p._current_branch ?? '')}`).digest('hex');
  return { errors: [], project_digest: digest, models_not_validated: [], computation_time: 0.42 };
}

export const projectBehaviours: Record<string, Behaviour> = {
  git_branch: (ctx, engine) => {
    const found = currentBranch(ctx, project(ctx, engine));
    if (!found) throw notFound('GitBranch not found');
    return engine.present(ctx, 'GitBranch', found.value);
  },
  create_git_branch: (ctx, engine) => {
    const p = project(ctx, engine);
    const head = currentBranch(ctx, p)?.value;
    const created = engine.create(ctx, 'GitBranch', { ref: head?.ref ?? null, ...ctx.body, is_local: true, is_remote: false, personal: false, readonly: false }, { project_id: String(p.id) });
    p._current_branch = created.value.name;
    return engine.present(ctx, 'GitBranch', created.value);
  },
  update_git_branch: (ctx, engine) => {
    const p = project(ctx, engine);
    const name = ctx.body?.name ? String(ctx.body.name) : String(currentBranch(ctx, p)?.value.name ?? '');
    const target = branch(ctx, String(p.id), name);
    if (!target) throw notFound(`GitBranch ${name} not found`);
    if (ctx.body?.ref) target.value.ref = ctx.body.ref;
    p._current_branch = name;
    return engine.present(ctx, 'GitBranch', target.value);
  },
  validate_project: (ctx, engine) => {
    const p = project(ctx, engine);
    p._validation = validation(ctx, p);
    return p._validation;
  },
  project_validation_results: (ctx, engine) => {
    const p = project(ctx, engine);
    if (!p._validation) return Reply.empty(204);
    return { ...(p._validation as object), stale: false };
  },
  run_lookml_test: (ctx, engine) => {
    const p = project(ctx, engine);
    const test = ctx.params.optString('test');
    const model = ctx.params.optString('model');
    return collection(ctx.core.state, 'LookmlTest')
      .filter((r) => r.links.project_id === String(p.id) && (!test || r.value.name === test) && (!model || r.value.model_name === model))
      .map((r) => ({ model_name: r.value.model_name, test_name: r.value.name, assertions_count: 1, assertions_failed: 0, errors: [], warnings: [], success: true }));
  },
  // Resetting a developer's workspace puts it back on the production branch.
  reset_project_to_production: (ctx, engine) => {
    const p = project(ctx, engine);
    delete p._current_branch;
    return Reply.empty(204);
  },
  git_deploy_key: (ctx, engine) => {
    const p = project(ctx, engine);
    if (!p._deploy_key) throw notFound('Deploy key not found');
    return Reply.text(String(p._deploy_key), 'text/plain');
  },
  create_git_deploy_key: (ctx, engine) => {
    const p = project(ctx, engine);
    const key = createHash('sha256').update(`deploy:${String(p.id)}`).digest('base64');
    p._deploy_key = `ssh-rsa AAAAB3NzaC1yc2E${key} looker-emulator@${String(p.id)}`;
    return Reply.text(String(p._deploy_key), 'text/plain');
  },
};
