import { describe, it, expect } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { maskDatabaseUrl, parseDatabaseUrl } from './database-url.ts';

describe('parseDatabaseUrl', () => {
  it('reads sqlite paths and the in-memory form', () => {
    expect(parseDatabaseUrl('sqlite:./data/x.db')).toMatchObject({
      dialect: 'sqlite',
      path: './data/x.db',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toMatchObject({
      dialect: 'sqlite',
      path: ':memory:',
    });
    expect(parseDatabaseUrl('sqlite:///tmp/a.db')).toMatchObject({ path: '/tmp/a.db' });
  });

  it('reads postgres and mysql URLs', () => {
    expect(parseDatabaseUrl('postgres://u@h:5432/db').dialect).toBe('postgres');
    expect(parseDatabaseUrl('postgresql://u@h/db').dialect).toBe('postgres');
    expect(parseDatabaseUrl('mysql://root@h:3306/db').dialect).toBe('mysql');
    expect(parseDatabaseUrl('mariadb://root@h/db')).toMatchObject({
      dialect: 'mysql',
      url: 'mysql://root@h/db',
    });
  });

  it('rejects bad URLs naming DATABASE_URL and masking the password', () => {
    for (const bad of [
      '',
      'sqlite:',
      'oracle://u:secret@h/db',
      'postgres://u:secret@h',
      'nonsense',
    ]) {
      let error: unknown;
      try {
        parseDatabaseUrl(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe('DATABASE_URL');
      expect((error as InputError).message).not.toContain('secret');
    }
  });

  it('masks passwords only', () => {
    expect(maskDatabaseUrl('postgres://u:p4ss@h/db')).toBe('postgres://u:***@h/db');
    expect(maskDatabaseUrl('mysql://root@h/db')).toBe('mysql://root@h/db');
  });
});
