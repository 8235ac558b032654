/**
 * The demo district (docs/domain-rules.md): places, people, grids and the facts several subgraphs share, as plain records. No
 * subgraph owns it; each derives its own rows from it in its `demo.ts`, loaded only when a start seeds demo data.
 */
export { buildDemoDistrict, DEMO_IDS, generateDemoDistrict, releaseDemoDistricts, type DemoOptions } from './district';
export { DEMO_REFERENCE_DATE } from './figures';
export { fractionOf } from './random';
export type * from './records';
export { traceRivers, type DemoRiver, type DemoRiverSegment, type WaterQualityTarget } from './rivers';
