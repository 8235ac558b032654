/**
 * Every form a caller could dress `_entities` and `_service` in (the gateway-only guard, kit/subgraph): the stack's
 * hostile test sends them over HTTP, test/kit/gateway-only.test.ts through the guard in-process.
 */
const ENTITIES = '_entities(representations: [{ __typename: "Nothing", id: "x" }]) { __typename }';

export const GATEWAY_ONLY_FORMS: [string, { query: string; operationName?: string }][] = [
  ['_service, plain', { query: '{ _service { sdl } }' }],
  ['_entities, plain', { query: `{ ${ENTITIES} }` }],
  ['_entities, aliased', { query: `{ e: ${ENTITIES} }` }],
  ['_service, aliased as a harmless name', { query: '{ __typename: __typename sdl: _service { sdl } }' }],
  ['_entities in a fragment', { query: `query { ...Q } fragment Q on Query { ${ENTITIES} }` }],
  ['_service in an inline fragment', { query: '{ ... on Query { _service { sdl } } }' }],
  ['_service in a fragment inside an inline fragment', { query: 'query { ... on Query { ...Q } } fragment Q on Query { s: _service { sdl } }' }],
  ['_entities in a second operation that operationName selects', { query: `query A { __typename } query B { ${ENTITIES} }`, operationName: 'B' }],
  ['_service in a second operation that operationName does not select', { query: 'query A { __typename } query B { _service { sdl } }', operationName: 'A' }],
  ['_service with a variable-driven directive', { query: 'query($skip: Boolean = false) { _service @skip(if: $skip) { sdl } }' }],
];
