import { Length } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { PageArgs } from '../../services/kit/pagination';
import { validateArgs } from '../../services/kit/validation';

class Named {
  @Length(1, 5)
  name!: string;
}
const named = (name: string) => Object.assign(new Named(), { name });

describe('argument validation (type-graphql validateFn)', () => {
  it('checks a class with constraints as validate: true did, a list item by item', async () => {
    await expect(validateArgs(named('ok'), Named)).resolves.toBeUndefined();
    await expect(validateArgs(named('far too long'), Named)).rejects.toBeInstanceOf(ArgumentValidationError);
    await expect(validateArgs([named('ok'), named('far too long')], Named)).rejects.toBeInstanceOf(ArgumentValidationError);
    // Missing properties are skipped, as type-graphql's own options say.
    await expect(validateArgs(new Named(), Named)).resolves.toBeUndefined();
  });

  it('leaves scalars and classes without constraints alone (PageArgs: its page size is checked where pages are cut)', async () => {
    await expect(validateArgs('resident-00001', String)).resolves.toBeUndefined();
    await expect(validateArgs(Object.assign(new PageArgs(), { first: -1 }), PageArgs)).resolves.toBeUndefined();
  });
});
