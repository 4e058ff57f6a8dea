/** A JSON Schema (OpenAPI 3.1 uses JSON Schema 2020-12), loosely typed. */
export type JsonSchema = { [key: string]: unknown };

/** The HTTP methods an OpenAPI path item can describe. */
export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One of {@link OPENAPI_METHODS}. */
export type OpenApiMethod = (typeof OPENAPI_METHODS)[number];

/** An OpenAPI parameter object (path or query here). */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
}

/** An OpenAPI operation object. */
export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { description?: string; required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  /** `[]` makes an operation public despite the document's global security. */
  security?: Record<string, string[]>[];
  deprecated?: boolean;
  [extension: `x-${string}`]: unknown;
}

/** An OpenAPI path item: operations by lower-case HTTP method. */
export type OpenApiPathItem = Partial<Record<OpenApiMethod, OpenApiOperation>> & {
  summary?: string;
  description?: string;
  parameters?: OpenApiParameter[];
};

/** An OpenAPI 3.1 document, as far as the gateway writes one. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
  security: Record<string, string[]>[];
}
