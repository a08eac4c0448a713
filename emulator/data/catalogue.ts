/**
 * The LookML models, explores and fields the emulator knows. Each field says
 * how to generate its values: categorical lists, recent dates, id ranges,
 * measure ranges. `system__activity` explores are backed by the emulator's
 * real state instead (see query/activity.ts).
 */

export type DimensionType = 'string' | 'number' | 'date' | 'date_time' | 'yesno';
export type MeasureType = 'count' | 'sum' | 'average' | 'count_distinct' | 'number';

interface FieldBase {
  /** Fully qualified: `view.field`. */
  name: string;
  label_short: string;
  description: string;
}

export interface DimensionDef extends FieldBase {
  category: 'dimension';
  type: DimensionType;
  /** Categorical values to enumerate. */
  values?: string[];
  /** Date dimension: one value per day for the last N days. */
  days?: number;
  /** Numeric id dimension: ids 1..N. */
  ids?: number;
}

export interface MeasureDef extends FieldBase {
  category: 'measure';
  type: MeasureType;
  /** Generated value range per row (synthetic explores). */
  range: [number, number];
  decimals: number;
  /** State-backed explores: how to aggregate over base rows. */
  aggregate?: { kind: 'count' } | { kind: 'sum' | 'count_distinct'; of: string };
}

export type FieldDef = DimensionDef | MeasureDef;

export interface ExploreDef {
  name: string;
  label: string;
  description: string;
  fields: FieldDef[];
  /** true when rows come from the emulator state rather than the PRNG. */
  stateBacked?: boolean;
}

export interface ModelDef {
  name: string;
  label: string;
  project_name: string;
  connection: string;
  explores: ExploreDef[];
}

const dim = (name: string, label_short: string, type: DimensionType, extra: Partial<DimensionDef> = {}): DimensionDef => ({
  name,
  label_short,
  type,
  category: 'dimension',
  description: extra.description ?? `${label_short} of the ${name.split('.')[0].replace(/_/g, ' ')}`,
  ...extra,
});

const measure = (name: string, label_short: string, type: MeasureType, range: [number, number], extra: Partial<MeasureDef> = {}): MeasureDef => ({
  name,
  label_short,
  type,
  range,
  decimals: type === 'count' || type === 'count_distinct' ? 0 : 2,
  category: 'measure',
  description: extra.description ?? `${label_short} (${type})`,
  ...extra,
});

export const PRODUCT_CATEGORIES = [
  'Accessories', 'Active', 'Dresses', 'Jeans', 'Outerwear & Coats', 'Shorts',
  'Sleep & Lounge', 'Socks', 'Suits', 'Sweaters', 'Swim', 'Tops & Tees',
];

const ecommerce: ModelDef = {
  name: 'ecommerce',
  label: 'E-commerce',
  project_name: 'ecommerce',
  connection: 'warehouse',
  explores: [
    {
      name: 'order_items',
      label: 'Order Items',
      description: 'Every item sold, with product, buyer and order details',
      fields: [
        dim('products.category', 'Category', 'string', { values: PRODUCT_CATEGORIES }),
        dim('products.brand', 'Brand', 'string', { values: ['Allegra K', 'Calvin Klein', 'Carhartt', 'Columbia', 'Levi\'s', 'Nike', 'Patagonia', 'Ray-Ban'] }),
        dim('products.department', 'Department', 'string', { values: ['Men', 'Women'] }),
        dim('order_items.status', 'Status', 'string', { values: ['Cancelled', 'Complete', 'Processing', 'Returned', 'Shipped'] }),
        dim('order_items.created_date', 'Created Date', 'date', { days: 30 }),
        dim('order_items.id', 'ID', 'number', { ids: 50 }),
        dim('users.country', 'Country', 'string', { values: ['Australia', 'Brazil', 'China', 'France', 'Germany', 'Japan', 'United Kingdom', 'United States'] }),
        dim('users.age_tier', 'Age Tier', 'string', { values: ['15 to 24', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 or Above'] }),
        measure('order_items.total_revenue', 'Total Revenue', 'sum', [20_000, 250_000], { description: 'Sum of sale price of items sold' }),
        measure('order_items.count', 'Count', 'count', [100, 5_000]),
        measure('order_items.average_sale_price', 'Average Sale Price', 'average', [15, 160]),
        measure('order_items.total_gross_margin', 'Total Gross Margin', 'sum', [5_000, 120_000]),
        measure('users.count', 'Count', 'count', [50, 3_000]),
      ],
    },
    {
      name: 'users',
      label: 'Users',
      description: 'Customers of the store',
      fields: [
        dim('users.country', 'Country', 'string', { values: ['Australia', 'Brazil', 'China', 'France', 'Germany', 'Japan', 'United Kingdom', 'United States'] }),
        dim('users.traffic_source', 'Traffic Source', 'string', { values: ['Display', 'Email', 'Facebook', 'Organic', 'Search'] }),
        dim('users.created_date', 'Created Date', 'date', { days: 30 }),
        measure('users.count', 'Count', 'count', [50, 3_000]),
        measure('users.average_lifetime_revenue', 'Average Lifetime Revenue', 'average', [40, 900]),
      ],
    },
  ],
};

const sales: ModelDef = {
  name: 'sales',
  label: 'Sales',
  project_name: 'sales',
  connection: 'crm',
  explores: [
    {
      name: 'opportunities',
      label: 'Opportunities',
      description: 'CRM pipeline',
      fields: [
        dim('opportunities.stage', 'Stage', 'string', { values: ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] }),
        dim('opportunities.region', 'Region', 'string', { values: ['AMER', 'APAC', 'EMEA', 'LATAM'] }),
        dim('accounts.industry', 'Industry', 'string', { values: ['Finance', 'Healthcare', 'Manufacturing', 'Retail', 'Technology'] }),
        dim('opportunities.close_date', 'Close Date', 'date', { days: 30 }),
        measure('opportunities.total_amount', 'Total Amount', 'sum', [50_000, 2_000_000]),
        measure('opportunities.count', 'Count', 'count', [5, 400]),
        measure('opportunities.win_rate', 'Win Rate', 'number', [0.05, 0.6]),
      ],
    },
  ],
};

const productAnalytics: ModelDef = {
  name: 'product_analytics',
  label: 'Product Analytics',
  project_name: 'product_analytics',
  connection: 'events',
  explores: [
    {
      name: 'events',
      label: 'Events',
      description: 'Product usage events',
      fields: [
        dim('events.event_date', 'Event Date', 'date', { days: 30 }),
        dim('events.event_type', 'Event Type', 'string', { values: ['login', 'page_view', 'purchase', 'search', 'share', 'signup'] }),
        dim('events.platform', 'Platform', 'string', { values: ['android', 'ios', 'web'] }),
        measure('events.count', 'Count', 'count', [1_000, 90_000]),
        measure('events.daily_active_users', 'Daily Active Users', 'count_distinct', [800, 12_000], { description: 'Distinct users with at least one event that day (DAU)' }),
        measure('events.weekly_active_users', 'Weekly Active Users', 'count_distinct', [4_000, 40_000]),
      ],
    },
  ],
};

/** Explores whose rows come from the emulator state (dashboards, looks, users). */
const systemActivity: ModelDef = {
  name: 'system__activity',
  label: 'System Activity',
  project_name: 'system__activity',
  connection: 'looker',
  explores: [
    {
      name: 'content_usage',
      label: 'Content Usage',
      description: 'Last access and usage of dashboards and looks',
      stateBacked: true,
      fields: [
        dim('content_usage.content_title', 'Content Title', 'string'),
        dim('content_usage.content_type', 'Content Type', 'string'),
        dim('content_usage.content_id', 'Content ID', 'string'),
        dim('content_usage.last_accessed_date', 'Last Accessed Date', 'date'),
        dim('content_usage.days_since_last_accessed', 'Days Since Last Accessed', 'number'),
        dim('dashboard.id', 'ID', 'string'),
        dim('dashboard.title', 'Title', 'string'),
        dim('dashboard.deleted_date', 'Deleted Date', 'date'),
        dim('dashboard.created_date', 'Created Date', 'date'),
        dim('look.id', 'ID', 'number'),
        dim('look.title', 'Title', 'string'),
        dim('look.deleted_date', 'Deleted Date', 'date'),
        dim('look.created_date', 'Created Date', 'date'),
        dim('user.id', 'ID', 'number'),
        dim('user.name', 'Name', 'string'),
        measure('content_usage.view_total', 'View Total', 'sum', [0, 0], { aggregate: { kind: 'sum', of: 'content_usage.view_count' } }),
        measure('content_usage.count', 'Count', 'count', [0, 0], { aggregate: { kind: 'count' } }),
      ],
    },
    {
      name: 'user',
      label: 'User',
      description: 'Looker users',
      stateBacked: true,
      fields: [
        dim('user.id', 'ID', 'number'),
        dim('user.name', 'Name', 'string'),
        dim('user.email', 'Email', 'string'),
        dim('user.is_disabled', 'Is Disabled', 'yesno'),
        dim('user.created_date', 'Created Date', 'date'),
        measure('user.count', 'Count', 'count', [0, 0], { aggregate: { kind: 'count' } }),
      ],
    },
    {
      name: 'dashboard',
      label: 'Dashboard',
      description: 'Dashboards',
      stateBacked: true,
      fields: [
        dim('dashboard.id', 'ID', 'string'),
        dim('dashboard.title', 'Title', 'string'),
        dim('dashboard.created_date', 'Created Date', 'date'),
        dim('dashboard.deleted_date', 'Deleted Date', 'date'),
        dim('user.id', 'ID', 'number'),
        dim('user.name', 'Name', 'string'),
        measure('dashboard.count', 'Count', 'count', [0, 0], { aggregate: { kind: 'count' } }),
      ],
    },
    {
      name: 'look',
      label: 'Look',
      description: 'Looks',
      stateBacked: true,
      fields: [
        dim('look.id', 'ID', 'number'),
        dim('look.title', 'Title', 'string'),
        dim('look.created_date', 'Created Date', 'date'),
        dim('look.deleted_date', 'Deleted Date', 'date'),
        dim('user.id', 'ID', 'number'),
        dim('user.name', 'Name', 'string'),
        measure('look.count', 'Count', 'count', [0, 0], { aggregate: { kind: 'count' } }),
      ],
    },
    {
      name: 'history',
      label: 'History',
      description: 'Query runs (synthetic)',
      fields: [
        dim('history.created_date', 'Created Date', 'date', { days: 30 }),
        dim('history.source', 'Source', 'string', { values: ['api4', 'dashboard', 'explore', 'look', 'scheduled_task'] }),
        dim('history.status', 'Status', 'string', { values: ['complete', 'error', 'killed'] }),
        dim('user.name', 'Name', 'string', { values: ['Admin Emulator', 'Ada Lovelace', 'Grace Hopper', 'Alan Turing'] }),
        measure('history.query_run_count', 'Query Run Count', 'count', [10, 2_000]),
        measure('history.average_runtime', 'Average Runtime in Seconds', 'average', [0.2, 12]),
      ],
    },
  ],
};

export const CATALOGUE: ModelDef[] = [ecommerce, sales, productAnalytics, systemActivity];

export function findModel(name: string): ModelDef | undefined {
  return CATALOGUE.find((m) => m.name === name);
}

export function findExplore(model: string, explore: string): ExploreDef | undefined {
  return findModel(model)?.explores.find((e) => e.name === explore);
}

/** Looker's field label: view label + short label ("Products Category"). */
export function fieldLabel(field: FieldDef): string {
  const view = field.name.split('.')[0];
  const viewLabel = view.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return `${viewLabel} ${field.label_short}`;
}
