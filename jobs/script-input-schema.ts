// The input a saved script describes: a small JSON Schema subset (an object of typed
// properties, `required`, `enum`, `items`, `description`, `additionalProperties: false`), checked
// when saved and turned into zod, so `script:<name>` inputs are refused at the edge like any
// job's, naming each bad field.
import { z } from 'zod';
import type { ScriptInputSchema as SavedInputSchema } from '../contracts/save-script';

const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;

type Property = {
  type: (typeof TYPES)[number];
  additionalProperties?: false;
  description?: string;
  enum?: Array<string | number>;
  items?: Property;
  properties?: Record<string, Property>;
  required?: string[];
};

const Property: z.ZodType<Property> = z.lazy(() =>
  z
    .object({
      type: z.enum(TYPES, { error: `type is one of ${TYPES.join(', ')}` }),
      description: z.string().max(500).optional(),
      enum: z.array(z.union([z.string(), z.number()])).min(1).optional(),
      items: Property.optional(),
      properties: z.record(z.string(), Property).optional(),
      required: z.array(z.string()).optional(),
      // Unknown fields are refused anyway; accepted because JSON Schemas often say so.
      additionalProperties: z.literal(false).optional(),
    })
    .strict(),
);

export const ScriptInputSchema = z
  .object({
    type: z.literal('object', { error: 'an input schema is an object schema: { "type": "object", "properties": {…} }' }),
    description: z.string().max(500).optional(),
    properties: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'property names are identifiers'), Property).default({}),
    required: z.array(z.string()).optional(),
    additionalProperties: z.literal(false).optional(),
  })
  .strict()
  .superRefine((schema, ctx) => {
    for (const name of schema.required ?? []) {
      if (!(name in schema.properties)) ctx.addIssue({ code: 'custom', path: ['required'], message: `\`${name}\` is required but not among the properties` });
    }
  });

/** The zod schema that checks a saved script's input (unknown fields refused). */
export function zodOfInputSchema(schema: SavedInputSchema): z.ZodType {
  return objectOf(schema.properties as Record<string, Property>, schema.required ?? []);
}

function objectOf(properties: Record<string, Property>, required: string[]): z.ZodType {
  const shape = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => {
      const field = zodOf(property);
      return [name, required.includes(name) ? field : field.optional()];
    }),
  );
  return z.object(shape).strict();
}

function zodOf(property: Property): z.ZodType {
  let field: z.ZodType;
  if (property.enum) field = z.union(property.enum.map((value) => z.literal(value)) as never, { error: `must be one of ${property.enum.join(', ')}` });
  else if (property.type === 'string') field = z.string();
  else if (property.type === 'number') field = z.number();
  else if (property.type === 'integer') field = z.number().int();
  else if (property.type === 'boolean') field = z.boolean();
  else if (property.type === 'array') field = z.array(property.items ? zodOf(property.items) : z.unknown());
  else field = property.properties ? objectOf(property.properties, property.required ?? []) : z.record(z.string(), z.unknown());
  return property.description ? field.describe(property.description) : field;
}
