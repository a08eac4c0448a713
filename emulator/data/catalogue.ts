/**
 * The LookML models, explores and fields the emulator knows. Each field says
 * how to generate its values: categorical lists, recent dates, id ranges,
 * measure ranges (see query/facts.ts). `system__activity` explores are backed
 * by the emulator's real state instead (see data/system-activity.ts).
 */

import { HISTORY_DAYS, dim, measure, type ExploreDef, type FieldDef, type ModelDef } from './fields';
import { systemActivity } from './system-activity';

export type { DimensionDef, DimensionType, ExploreDef, FieldDef, MeasureDef, MeasureType, ModelDef } from './fields';

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
        dim('order_items.created_date', 'Created Date', 'date', { days: HISTORY_DAYS }),
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
        dim('users.created_date', 'Created Date', 'date', { days: HISTORY_DAYS }),
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
        dim('opportunities.close_date', 'Close Date', 'date', { days: HISTORY_DAYS }),
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
      driver: 'events.event_date',
      fields: [
        dim('events.event_date', 'Event Date', 'date', { days: HISTORY_DAYS }),
        dim('events.event_type', 'Event Type', 'string', { values: ['login', 'page_view', 'purchase', 'search', 'share', 'signup'] }),
        dim('events.platform', 'Platform', 'string', { values: ['android', 'ios', 'web'] }),
        measure('events.count', 'Count', 'count', [1_000, 90_000]),
        measure('events.daily_active_users', 'Daily Active Users', 'count_distinct', [800, 12_000], { description: 'Distinct users with at least one event that day (DAU)' }),
        measure('events.weekly_active_users', 'Weekly Active Users', 'count_distinct', [4_000, 40_000]),
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
