import { policyOf, refusal, visibleOrNull } from '../../services/kit/access';
import { HIDDEN } from '../../services/kit/loaders';
import { ANONYMOUS, type Viewer } from '../../services/kit/auth';
import { withAuditTrail, type AuditTrail } from '../../services/kit/audit';
import { isOneOf } from '../../services/kit/enums';

const signedIn: Viewer = { authenticated: true, sub: 'user:7', roles: ['member'], gridIds: [], audience: [], scopes: [] };

describe('refusal', () => {
  it('tells an anonymous caller to sign in: UNAUTHENTICATED', () => {
    expect(refusal(ANONYMOUS, 'You may not see widget w01.')).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('tells a signed-in caller they may not: FORBIDDEN, with the message given', () => {
    expect(refusal(signedIn, 'You may not see widget w01.')).toMatchObject({
      message: 'You may not see widget w01.',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

interface Row {
  id: string;
  ownerSub: string;
}
const ownWidgets = { resource: 'widget', allows: (viewer: Viewer, row: Row) => row.ownerSub === viewer.sub, describe: (row: Row) => row.id };
const mine: Row = { id: 'w01', ownerSub: 'user:7' };
const theirs: Row = { id: 'w02', ownerSub: 'user:8' };

describe('policyOf', () => {
  it('lets an allowed row through: null', () => {
    expect(policyOf(ownWidgets, signedIn)(mine)).toBeNull();
  });

  it('hides a row a signed-in viewer may not see, as if it did not exist: HIDDEN, no error naming it', () => {
    expect(policyOf(ownWidgets, signedIn)(theirs)).toBe(HIDDEN);
  });

  it("records a hidden row as a denied read of the row's subject, and an allowed one not at all", () => {
    const denied: [string, string][] = [];
    const trail = { deniedLater: (field: string, subjectId: string) => void denied.push([field, subjectId]) } as AuditTrail;
    const policy = policyOf(ownWidgets, withAuditTrail(signedIn, trail));
    policy(mine);
    policy(theirs);
    expect(denied).toEqual([['widget', 'w02']]);
  });

  it('hides every row from an anonymous viewer the rule refuses', () => {
    expect(policyOf(ownWidgets, ANONYMOUS)(mine)).toBe(HIDDEN);
  });
});

describe('visibleOrNull', () => {
  it('answers the row the viewer may see, and null for one they may not see and for none alike', () => {
    expect(visibleOrNull(ownWidgets, signedIn, mine)).toBe(mine);
    expect(visibleOrNull(ownWidgets, signedIn, theirs)).toBeNull();
    expect(visibleOrNull(ownWidgets, signedIn, undefined)).toBeNull();
  });
});

describe('isOneOf', () => {
  const SIZES = ['small', 'large'] as const;

  it('accepts a listed value and narrows its type', () => {
    const value: unknown = 'large';
    if (!isOneOf(SIZES, value)) throw new Error('large is a size');
    // Compiles only because the guard narrowed `value` to 'small' | 'large'.
    const size: (typeof SIZES)[number] = value;
    expect(size).toBe('large');
  });

  it.each(['medium', 'Small', '', 1, null, undefined, ['small'], { small: true }])('rejects %p', (value) => {
    expect(isOneOf(SIZES, value)).toBe(false);
  });
});
