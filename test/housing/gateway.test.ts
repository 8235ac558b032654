import { DEMO_IDS } from '../../services/demo';
import { client, dataOf, householdsOf, residentOf, useHousingStack } from './fixtures';

const world = useHousingStack();

const OVERVIEW = `query Overview($id: ID!) {
  resident(id: $id) {
    id name
    household {
      address
      consentVote { choice method }
      building {
        id
        elevatorRetrofit { phase consent { participationShare agreedShare quorumMet approved } }
        compound { name renovationProjects(first: 10) { totalCount edges { node { title phase progressPercent } } } }
      }
    }
  }
}`;

interface Overview {
  resident: {
    id: string;
    household: {
      consentVote: { choice: string; method: string } | null;
      building: {
        id: string;
        elevatorRetrofit: { phase: string; consent: { participationShare: string; agreedShare: string; quorumMet: boolean; approved: boolean } } | null;
        compound: { name: string; renovationProjects: { totalCount: number; edges: { node: { title: string; phase: string; progressPercent: number } }[] } };
      };
    };
  };
}

describe('one request through the gateway', () => {
  it("returns a resident of the third-lift building with the retrofit's consent and the compound's renovation projects", async () => {
    const [household] = householdsOf(DEMO_IDS.thirdElevatorBuilding);
    const me = await residentOf(household!.id);
    const { resident } = dataOf(await client(world.stack.gateway.url, me.token)<Overview>(OVERVIEW, { id: me.residentId }));
    expect(resident.household.building.id).toBe(DEMO_IDS.thirdElevatorBuilding);
    expect(resident.household.building.elevatorRetrofit).toEqual({
      phase: 'CONSENT_COLLECTING',
      consent: { participationShare: expect.stringMatching(/^0\.\d{4}$/), agreedShare: expect.stringMatching(/^[01]\.\d{4}$/), quorumMet: expect.any(Boolean), approved: expect.any(Boolean) },
    });
    const { compound } = resident.household.building;
    expect(compound.name).toBe('阳光花园');
    expect(compound.renovationProjects.totalCount).toBeGreaterThan(0);
    expect(compound.renovationProjects.edges[0]!.node).toEqual({ title: expect.stringContaining('阳光花园'), phase: expect.any(String), progressPercent: expect.any(Number) });
  });
});
