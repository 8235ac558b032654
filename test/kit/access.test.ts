import { policyOf, refusal } from '../../services/kit/access';
import { ANONYMOUS, type Viewer } from '../../services/kit/auth';
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

describe('policyOf', () => {
  interface Row {
    id: string;
    ownerSub: string;
  }
  const ownWidgets = { resource: 'widget', allows: (viewer: Viewer, row: Row) => row.ownerSub === viewer.sub, describe: (row: Row) => row.id };
  const mine: Row = { id: 'w01', ownerSub: 'user:7' };
  const theirs: Row = { id: 'w02', ownerSub: 'user:8' };

  it('lets an allowed row through: null', () => {
    expect(policyOf(ownWidgets, signedIn)(mine)).toBeNull();
  });

  it('refuses a signed-in viewer with FORBIDDEN naming the resource and the row', () => {
    expect(policyOf(ownWidgets, signedIn)(theirs)).toMatchObject({ message: 'You may not see widget w02.', extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses an anonymous viewer with UNAUTHENTICATED', () => {
    expect(policyOf(ownWidgets, ANONYMOUS)(mine)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
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
