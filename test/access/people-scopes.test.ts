import { ANONYMOUS, type Viewer } from '../../services/kit/auth';
import { actorOf, gridsOf, hasRole, isAdmin, OFFICERS, ROLES, worksInGrid } from '../../services/domain/people';
import { grantedIds, parseScope, PARTNER_SCOPES, readsDistrict, scopeOf } from '../../services/domain/scopes';
import { SERVICE_PORTS } from '../../services/kit/config';

/** The relations every subgraph's row rules are built from (domain/people) and partners' scopes (domain/scopes). */
const viewer = (claims: Partial<Viewer>): Viewer => ({ authenticated: true, roles: [], gridIds: [], audience: [], scopes: [], ...claims });

describe('people', () => {
  it('knows the roles of docs/architecture.md, and the district-wide officers among them', () => {
    expect([...ROLES].sort()).toEqual(
      ['admin', 'care_worker', 'device_gateway', 'environment_officer', 'grid_worker', 'housing_officer', 'partner', 'resident', 'safety_officer'].sort(),
    );
    expect([...OFFICERS].sort()).toEqual(['environment_officer', 'housing_officer', 'safety_officer']);
  });

  it('hasRole: any one of the roles named; isAdmin: the admin role', () => {
    const worker = viewer({ roles: ['resident', 'grid_worker'] });
    expect(hasRole(worker, 'admin', 'grid_worker')).toBe(true);
    expect(hasRole(worker, 'care_worker', 'admin')).toBe(false);
    expect(hasRole(worker)).toBe(false);
    expect(isAdmin(worker)).toBe(false);
    expect(isAdmin(viewer({ roles: ['resident', 'admin'] }))).toBe(true);
    expect(isAdmin(ANONYMOUS)).toBe(false);
  });

  it("gridsOf: a grid or care worker's own grids (or the roles asked for), then a partner's granted grids", () => {
    expect(gridsOf(viewer({ roles: ['grid_worker'], gridIds: ['g1', 'g2'] }))).toEqual(['g1', 'g2']);
    expect(gridsOf(viewer({ roles: ['care_worker'], gridIds: ['g1'] }))).toEqual(['g1']);
    // A resident's or officer's token naming grids reads none of them.
    expect(gridsOf(viewer({ roles: ['resident', 'safety_officer'], gridIds: ['g1'] }))).toEqual([]);
    expect(gridsOf(viewer({ roles: ['care_worker'], gridIds: ['g1'] }), ['grid_worker'])).toEqual([]);
    expect(gridsOf(viewer({ roles: ['grid_worker'], gridIds: ['g1'] }), ['grid_worker'])).toEqual(['g1']);
    expect(gridsOf(viewer({ roles: ['partner'], gridIds: ['g9'], scopes: ['safety:grid:g1:read', 'safety:grid:g2:read', 'safety:district:read'] }))).toEqual(['g1', 'g2']);
  });

  it('worksInGrid: one of those grids; never a row of no grid, nor an empty grid id', () => {
    const worker = viewer({ roles: ['grid_worker', 'care_worker'], gridIds: ['g1', ''] });
    expect(worksInGrid(worker, 'g1')).toBe(true);
    expect(worksInGrid(worker, 'g2')).toBe(false);
    expect(worksInGrid(worker, null)).toBe(false);
    expect(worksInGrid(worker, undefined)).toBe(false);
    expect(worksInGrid(worker, '')).toBe(false);
    expect(worksInGrid(viewer({ roles: ['care_worker'], gridIds: ['g1'] }), 'g1', ['grid_worker'])).toBe(false);
  });

  it('actorOf: the token subject, or "unknown"', () => {
    expect(actorOf(viewer({ sub: 'worker:7' }))).toBe('worker:7');
    expect(actorOf(ANONYMOUS)).toBe('unknown');
  });
});

describe('partner scopes', () => {
  it('name a subgraph, a reach and its id: scopeOf', () => {
    expect(scopeOf('community', 'district')).toBe('community:district:read');
    expect(scopeOf('housing', 'compound', 'compound-01')).toBe('housing:compound:compound-01:read');
  });

  it('parse every scope the vocabulary lists, and cover every subgraph (kit/config; a test keeps it the registry)', () => {
    expect(Object.keys(PARTNER_SCOPES).sort()).toEqual(Object.keys(SERVICE_PORTS).sort());
    const listed = Object.entries(PARTNER_SCOPES).flatMap(([service, reaches]) => Object.keys(reaches).map((reach) => [service, reach]));
    expect(listed.sort()).toEqual(
      [
        ['community', 'district'],
        ['community', 'grid'],
        ['elderly-care', 'district'],
        ['elderly-care', 'grid'],
        ['environment', 'district'],
        ['environment', 'grid'],
        ['housing', 'compound'],
        ['housing', 'district'],
        ['safety', 'district'],
        ['safety', 'grid'],
      ].sort(),
    );
    for (const [service, reach] of listed) {
      const id = reach === 'district' ? undefined : `${reach}-01_a`;
      const scope = scopeOf(service as never, reach as never, id);
      expect({ scope, grant: parseScope(scope) }).toEqual({ scope, grant: { service, reach, ...(id ? { id } : {}) } });
    }
  });

  it.each([
    ['housing:grid:grid-001:read', 'a reach the subgraph does not grant'],
    ['community:compound:compound-01:read', 'a reach the subgraph does not grant'],
    ['nosuch:district:read', 'an unknown subgraph'],
    ['constructor:district:read', 'a name every object has'],
    ['community:region:read', 'an unknown reach'],
    ['community:district', 'no :read'],
    ['community:district:write', 'a write'],
    ['community:grid:read', 'a grid with no id'],
    ['community:grid:grid 001:read', 'an id with a space'],
    ['community:district:grid-001:read', 'an id on the district'],
    [' community:district:read', 'a leading space'],
    ['community:district:read ', 'a trailing space'],
    ['xcommunity:district:read', 'a longer subgraph name'],
    ['community:district:readable', 'a longer ending'],
    ['Community:district:read', 'upper case'],
    ['', 'nothing'],
  ])('refuse %p: %s', (scope) => {
    expect(parseScope(scope)).toBeUndefined();
  });

  it('grant on partner tokens only: readsDistrict and grantedIds', () => {
    const scopes = ['housing:district:read', 'housing:compound:c1:read', 'housing:compound:c2:read', 'community:grid:g1:read', 'bogus'];
    const partnerViewer = viewer({ roles: ['partner'], scopes });
    expect(readsDistrict(partnerViewer)).toBe(true);
    expect(grantedIds(partnerViewer, 'compound')).toEqual(['c1', 'c2']);
    expect(grantedIds(partnerViewer, 'grid')).toEqual(['g1']);
    const gridPartner = viewer({ roles: ['partner'], scopes: ['community:grid:g1:read'] });
    expect(readsDistrict(gridPartner)).toBe(false);
    expect(grantedIds(gridPartner, 'compound')).toEqual([]);
    // Staff read by their roles: scopes on their tokens grant nothing.
    const staff = viewer({ roles: ['grid_worker', 'admin'], scopes });
    expect(readsDistrict(staff)).toBe(false);
    expect(grantedIds(staff, 'compound')).toEqual([]);
    expect(grantedIds(staff, 'grid')).toEqual([]);
  });
});
