/**
 * The district's rivers (河流) and where they run: which communities each crosses and the comprehensive grid along
 * each stretch. A place fact, decided once here so that every subgraph that cares where the water is (environment's
 * river chiefs and patrols; any later flood or safety work) tells the same story. The first river passes the pinned
 * grid (DEMO_IDS.grid), so the handy ids meet a river too.
 */
import { idMaker, pad } from './counting';
import { fractionOf } from './random';
import type { DemoCommunity, DemoGrid } from './records';

/** Surface water quality class to reach (GB 3838-2002). */
export type WaterQualityTarget = 'CLASS_II' | 'CLASS_III' | 'CLASS_IV';

export interface DemoRiverSegment {
  readonly id: string;
  readonly riverId: string;
  /** e.g. 清河·柳塘段. */
  readonly name: string;
  readonly communityId: string;
  /** The comprehensive grid along the stretch. */
  readonly gridId: string;
  /** km, two decimals, as text (exact). */
  readonly lengthKm: string;
}

export interface DemoRiver {
  readonly id: string;
  readonly name: string;
  readonly lengthKm: string;
  readonly waterQualityTarget: WaterQualityTarget;
  readonly segments: readonly DemoRiverSegment[];
}

/** The rivers, the length within the district, and the communities they cross by index, upstream first. */
const RIVERS = [
  { name: '清河', lengthKm: 18.6, waterQualityTarget: 'CLASS_III', communities: [8, 9, 10, 11] },
  { name: '东湖港', lengthKm: 6.4, waterQualityTarget: 'CLASS_IV', communities: [1, 2, 3] },
  { name: '南山溪', lengthKm: 9.2, waterQualityTarget: 'CLASS_II', communities: [4, 5, 6, 7] },
] as const;

/** The rivers of the district, each cut into one segment per community it crosses. */
export function traceRivers(communities: readonly DemoCommunity[], grids: readonly DemoGrid[], pinnedGrid: string): DemoRiver[] {
  const pinned = grids.find((grid) => grid.id === pinnedGrid);
  const riverId = idMaker('river', 1, RIVERS.length);
  return RIVERS.map((river, r) => {
    const id = riverId(r + 1);
    // The first river starts in the pinned grid's community, then runs on downstream.
    const crossed = r === 0 && pinned ? [pinned.communityId, ...river.communities.map((c) => communities[c]!.id)] : river.communities.map((c) => communities[c]!.id);
    const stretch = Math.round((river.lengthKm / crossed.length) * 100) / 100;
    const segments = [...new Set(crossed)].map((communityId, s) => {
      const community = communities.find((c) => c.id === communityId)!;
      const along = grids.filter((grid) => grid.communityId === communityId && grid.kind === 'COMPREHENSIVE');
      const gridId = pinned && communityId === pinned.communityId && r === 0 ? pinned.id : along[Math.floor(fractionOf(`${id}:${communityId}`) * along.length)]!.id;
      return {
        id: `${id}-segment-${pad(s + 1, 2)}`,
        riverId: id,
        name: `${river.name}·${community.name.replace(/社区$/, '')}段`,
        communityId,
        gridId,
        lengthKm: stretch.toFixed(2),
      };
    });
    return { id, name: river.name, lengthKm: river.lengthKm.toFixed(2), waterQualityTarget: river.waterQualityTarget, segments };
  });
}
