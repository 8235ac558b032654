import { GraphQLError } from 'graphql';
import { badInput, conflict, formatError, forbidden, notFound } from '../../services/kit/errors';

const format = (error: unknown, formatted = { message: (error as Error).message, extensions: (error as GraphQLError).extensions }) =>
  formatError(formatted as never, error);

describe('formatError', () => {
  it.each([
    [badInput('bad'), 'BAD_USER_INPUT'],
    [forbidden(), 'FORBIDDEN'],
    [notFound('Resident', 'x'), 'NOT_FOUND'],
    [conflict('stale'), 'CONFLICT'],
  ])('keeps the contract code %#', (error, code) => {
    expect(format(error)).toMatchObject({ message: error.message, extensions: { code } });
  });

  it("maps type-graphql's UNAUTHORIZED to FORBIDDEN", () => {
    expect(format(new GraphQLError('Access denied!', { extensions: { code: 'UNAUTHORIZED' } })).extensions?.code).toBe('FORBIDDEN');
  });

  it('turns argument validation failures into BAD_USER_INPUT listing the problems', () => {
    const error = new GraphQLError('Argument Validation Error', {
      extensions: { code: 'BAD_USER_INPUT', validationErrors: [{ property: 'phone', constraints: { matches: 'phone must be an 11-digit mobile number' } }] },
    });
    expect(format(error)).toMatchObject({
      message: 'Invalid input: phone must be an 11-digit mobile number.',
      extensions: { code: 'BAD_USER_INPUT', problems: ['phone must be an 11-digit mobile number'] },
    });
  });

  it('lists the problems of nested inputs too', () => {
    const error = new GraphQLError('Argument Validation Error', {
      extensions: {
        code: 'BAD_USER_INPUT',
        validationErrors: [{ property: 'input', children: [{ property: 'contacts', children: [{ property: '0', constraints: { matches: 'phone must be an 11-digit mobile number' } }] }] }],
      },
    });
    expect(format(error).message).toBe('Invalid input: phone must be an 11-digit mobile number.');
  });

  it('masks internal errors: no message, no stack', () => {
    const error = new Error('connect ECONNREFUSED 10.0.0.7:5432');
    const onInternal = jest.fn();
    const formatted = formatError({ message: error.message, extensions: { stacktrace: ['at x'] } }, error, onInternal);
    expect(formatted).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(onInternal).toHaveBeenCalledWith(error);
  });

  it('strips stack traces from public errors', () => {
    const formatted = formatError({ message: 'x', extensions: { code: 'NOT_FOUND', stacktrace: ['at y'] } }, notFound('A', 'b'));
    expect(formatted.extensions).toEqual({ code: 'NOT_FOUND' });
  });
});
