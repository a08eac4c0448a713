// LookML metadata, trimmed to what job inputs and prompts need.
import type { ILookmlModelExploreField } from '@looker/sdk';
import type { LookerClient } from './looker-client';

export interface ExploreField {
  name: string;
  label: string | null;
  type: string | null;
  description: string | null;
}

export interface ExploreSummary {
  model: string;
  name: string;
  label: string | null;
  description: string | null;
  dimensions: ExploreField[];
  measures: ExploreField[];
  filters: ExploreField[];
  parameters: ExploreField[];
}

export interface LookmlModelSummary {
  name: string;
  label: string | null;
  projectName: string | null;
  explores: Array<{ name: string; label: string | null; hidden: boolean }>;
}

export function createLookmlActivities({ looker }: { looker: LookerClient }) {
  return {
    async lookmlModelExplore(input: { model: string; explore: string }): Promise<ExploreSummary> {
      const explore = await looker.call('lookml_model_explore', (sdk) =>
        sdk.lookml_model_explore({
          lookml_model_name: input.model,
          explore_name: input.explore,
          fields: 'name,label,description,fields(dimensions(name,label,type,description),measures(name,label,type,description),filters(name,label,type,description),parameters(name,label,type,description))',
        }),
      );
      const trim = (fields?: ILookmlModelExploreField[] | null): ExploreField[] =>
        (fields ?? []).map((f) => ({ name: f.name ?? '', label: f.label ?? null, type: f.type ?? null, description: f.description ?? null }));
      return {
        model: input.model,
        name: explore.name ?? input.explore,
        label: explore.label ?? null,
        description: explore.description ?? null,
        dimensions: trim(explore.fields?.dimensions),
        measures: trim(explore.fields?.measures),
        filters: trim(explore.fields?.filters),
        parameters: trim(explore.fields?.parameters),
      };
    },

    async allLookmlModels(): Promise<LookmlModelSummary[]> {
      const models = await looker.call('all_lookml_models', (sdk) =>
        sdk.all_lookml_models({ fields: 'name,label,project_name,explores(name,label,hidden)' }),
      );
      return models.map((m) => ({
        name: m.name ?? '',
        label: m.label ?? null,
        projectName: m.project_name ?? null,
        explores: (m.explores ?? []).map((e) => ({ name: e.name ?? '', label: e.label ?? null, hidden: Boolean(e.hidden) })),
      }));
    },
  };
}
