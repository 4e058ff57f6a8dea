/**
 * OpenAPI 3 path items of the auth routes, for the gateway's generated document (they are not in
 * the protos). Schemas are inline so the paths can be merged without any shared components except
 * the `bearerAuth` security scheme ({@link authOpenApiSecuritySchemes}).
 */

const error = {
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: {
    code: { type: 'integer', description: 'gRPC status code' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });

const tokenPair = {
  type: 'object',
  required: ['accessToken', 'refreshToken', 'expiresIn', 'tokenType'],
  properties: {
    accessToken: { type: 'string', description: 'JWT (EdDSA) to send as `Authorization: Bearer <token>`' },
    refreshToken: { type: 'string', description: 'Opaque; single use: each refresh returns a new one' },
    expiresIn: { type: 'integer', description: 'Lifetime of the access token, seconds' },
    tokenType: { type: 'string', enum: ['Bearer'] },
  },
} as const;

const refreshBody = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['refreshToken'],
        properties: { refreshToken: { type: 'string', maxLength: 256 } },
      },
    },
  },
} as const;

const tooMany = {
  description: 'Too many attempts; retry after the given seconds',
  headers: { 'Retry-After': { schema: { type: 'integer' } } },
  content: { 'application/json': { schema: error } },
};

const roles = ['ADMIN', 'OPERATOR', 'AUDITOR', 'MEMBER'] as const;

/** Path items for `/v1/auth/login`, `/refresh`, `/logout` and `/users`. */
export const authOpenApiPaths = {
  '/v1/auth/login': {
    post: {
      operationId: 'AuthLogin',
      tags: ['Auth'],
      summary: 'Exchange a username and password for an access token and a refresh token',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['username', 'password'],
              properties: {
                username: { type: 'string', maxLength: 256 },
                password: { type: 'string', format: 'password', maxLength: 1024 },
              },
            },
          },
        },
      },
      responses: {
        '200': { description: 'Signed in', content: { 'application/json': { schema: tokenPair } } },
        '400': errorResponse('A field is missing or malformed'),
        '401': errorResponse('Invalid credentials'),
        '429': tooMany,
      },
    },
  },
  '/v1/auth/refresh': {
    post: {
      operationId: 'AuthRefresh',
      tags: ['Auth'],
      summary: 'Rotate a refresh token: returns new tokens; presenting a used token ends the session',
      requestBody: refreshBody,
      responses: {
        '200': { description: 'New tokens', content: { 'application/json': { schema: tokenPair } } },
        '400': errorResponse('A field is missing or malformed'),
        '401': errorResponse('Invalid refresh token'),
        '429': tooMany,
      },
    },
  },
  '/v1/auth/logout': {
    post: {
      operationId: 'AuthLogout',
      tags: ['Auth'],
      summary: 'End the session the refresh token belongs to',
      requestBody: refreshBody,
      responses: {
        '204': { description: 'Session ended' },
        '400': errorResponse('A field is missing or malformed'),
        '401': errorResponse('Invalid refresh token'),
        '429': tooMany,
      },
    },
  },
  '/v1/auth/users': {
    post: {
      operationId: 'AuthCreateUser',
      tags: ['Auth'],
      summary: 'Create a user (ADMIN only)',
      security: [{ bearerAuth: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['username', 'password', 'roles'],
              properties: {
                username: { type: 'string', pattern: '^[a-z0-9._-]{3,64}$', description: 'Stored lower-cased' },
                password: { type: 'string', format: 'password', minLength: 12, maxLength: 256 },
                roles: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: roles } },
                memberId: { type: 'string', format: 'uuid', description: 'Required with role MEMBER, only with it' },
              },
            },
          },
        },
      },
      responses: {
        '201': {
          description: 'Created',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['id', 'username', 'roles', 'disabled', 'createdAt'],
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  username: { type: 'string' },
                  roles: { type: 'array', items: { type: 'string', enum: roles } },
                  memberId: { type: 'string', format: 'uuid' },
                  disabled: { type: 'boolean' },
                  createdAt: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
        '400': errorResponse('A field breaks its rule (each violation names its field)'),
        '401': errorResponse('No valid access token'),
        '403': errorResponse('The caller is not an ADMIN'),
        '409': errorResponse('The username is taken'),
        '429': tooMany,
      },
    },
  },
} as const;

/** The security scheme the `/v1/auth/users` path refers to. */
export const authOpenApiSecuritySchemes = {
  bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
} as const;
