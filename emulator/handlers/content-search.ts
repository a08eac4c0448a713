/** Finding content by words (search_content) and its thumbnails (SVG or PNG), as the Looker UI does. */
import type { HandlerTable, RequestContext } from '../core/context';
import { badRequest, notFound } from '../core/errors';
import { Reply } from '../core/reply';
import { paginate } from '../core/search';
import type { ContentRecord } from '../core/state';
import { makePng } from '../render/images';
import { CAN } from './common';

type Kind = 'dashboard' | 'look' | 'folder';

interface Hit {
  type: Kind;
  id: string;
  title: string;
  description: string | null;
  folder_id: string | null;
  view_count: number | null;
  created_by_id: number | null;
}

function hits(ctx: RequestContext): Hit[] {
  const { state } = ctx.core;
  const content = (type: Kind, c: ContentRecord): Hit => ({ type, id: c.id, title: c.title, description: c.description || null, folder_id: c.folder_id, view_count: c.view_count, created_by_id: Number(c.user_id) });
  return [
    ...Object.values(state.dashboards).filter((d) => !d.deleted && !d.lookml).map((d) => content('dashboard', d)),
    ...Object.values(state.looks).filter((l) => !l.deleted).map((l) => content('look', l)),
    ...Object.values(state.folders).map((f): Hit => ({ type: 'folder', id: f.id, title: f.name, description: null, folder_id: f.parent_id, view_count: null, created_by_id: f.creator_id ? Number(f.creator_id) : null })),
  ];
}

/** Every word of the terms must appear in the title or description (case-insensitive). */
function matches(hit: Hit, words: string[]): boolean {
  const text = `${hit.title} ${hit.description ?? ''}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

function contentTitle(ctx: RequestContext, type: string, id: string): string {
  const record = type === 'dashboard' ? ctx.core.state.dashboards[id] : type === 'look' ? ctx.core.state.looks[id] : undefined;
  if (type !== 'dashboard' && type !== 'look') throw badRequest(`Unsupported content type ${type}; use dashboard or look`);
  if (!record) throw notFound(`${type === 'dashboard' ? 'Dashboard' : 'Look'} not found`);
  return record.title;
}

function svg(title: string, width: number, height: number): string {
  const safe = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#f6f8fa"/><rect x="8" y="32" width="${width - 16}" height="${height - 40}" fill="#e8f0fe"/><text x="8" y="22" font-family="Roboto, sans-serif" font-size="14" fill="#262d33">${safe}</text></svg>`;
}

const SIZE = { width: 300, height: 200 };

export const contentSearchHandlers: HandlerTable = {
  search_content: (ctx) => {
    const words = ctx.params.string('terms').toLowerCase().split(/\s+/).filter(Boolean);
    const types = ctx.params.optString('types')?.split(',').map((t) => t.trim().toLowerCase());
    const folders = ctx.core.state.folders;
    const found = hits(ctx).filter((h) => matches(h, words) && (!types || types.includes(h.type)));
    found.sort((a, b) => (b.view_count ?? 0) - (a.view_count ?? 0) || a.title.localeCompare(b.title));
    const { page, reply } = paginate(ctx, found);
    return reply(page.map((h) => {
      const folder = h.folder_id ? folders[h.folder_id] : undefined;
      const parent = folder?.parent_id ? folders[folder.parent_id] : undefined;
      return {
        can: CAN, content_id: h.id, type: h.type, title: h.title, description: h.description, folder_id: h.folder_id,
        folder_name: folder?.name ?? null, view_count: h.view_count, preferred_viewer: h.type === 'dashboard' ? 'dashboards-next' : null,
        model: null, created_by_id: h.created_by_id, certification_status: null, parent_folder_name: parent?.name ?? null,
      };
    }));
  },
  content_thumbnail: (ctx) => {
    const title = contentTitle(ctx, ctx.params.string('type'), ctx.params.string('resource_id'));
    const width = ctx.params.optInt('width') ?? SIZE.width;
    const height = ctx.params.optInt('height') ?? SIZE.height;
    const format = (ctx.params.optString('format') ?? 'svg').toLowerCase();
    if (format === 'png') return Reply.binary(makePng(width, height, [232, 240, 254]), 'image/png');
    if (format !== 'svg') throw badRequest(`Unsupported format ${format}; use svg or png`);
    return Reply.text(svg(title, width, height), 'image/svg+xml');
  },
  vector_thumbnail: (ctx) => Reply.text(svg(contentTitle(ctx, ctx.params.string('type'), ctx.params.string('resource_id')), SIZE.width, SIZE.height), 'image/svg+xml'),
};
