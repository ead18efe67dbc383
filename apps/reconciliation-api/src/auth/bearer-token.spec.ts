import { bearerTokenOf } from './bearer-token';

describe('bearerTokenOf', () => {
  it.each([
    ['Bearer s3cret', 's3cret'],
    ['bearer s3cret', 's3cret'],
    ['Bearer   with:colons ', 'with:colons'],
  ])('reads %j', (header, token) => {
    expect(bearerTokenOf(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic YWxpY2U6eA==', 'Bearer two tokens', `Bearer ${'x'.repeat(513)}`, ['Bearer a']])(
    'refuses %j',
    (header) => {
      expect(bearerTokenOf(header as string | undefined)).toBeNull();
    },
  );
});
