import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, can } from '../../src/server/permissions.ts';
import { projectRoot } from '../support/shared-data.ts';
import { startTestServer } from './support/harness.ts';
import type { TestServer } from './support/harness.ts';

const permissionsDoc = readFileSync(join(projectRoot, 'docs/permissions.md'), 'utf8');
const apiDoc = readFileSync(join(projectRoot, 'docs/api.md'), 'utf8');

/** Table rows of a markdown page as trimmed cells (prettier pads them). */
const tableRows = permissionsDoc
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('docs/permissions.md', () => {
  it('shows exactly the matrix of src/server/permissions.ts', () => {
    for (const permission of PERMISSIONS) {
      const row = tableRows.find((cells) => cells[0] === `\`${permission}\``);
      expect(row, permission).toBeDefined();
      expect(row!.slice(1), permission).toEqual(
        ROLES.map((role) => (can(role, permission) ? 'yes' : '-')),
      );
    }
  });

  it('lists every /api route with the permission it declares', () => {
    const apiRoutes = server.app.services.routes.filter(
      (r) => r.url.startsWith('/api/') && r.method !== 'HEAD',
    );
    expect(apiRoutes.length).toBeGreaterThan(30);
    for (const route of apiRoutes) {
      const expected = [
        route.method,
        `\`${route.url}\``,
        route.permission ? `\`${route.permission}\`` : 'public',
      ];
      expect(tableRows, expected.join(' ')).toContainEqual(expected);
    }
  });
});

describe('docs/api.md', () => {
  it('mentions every /api route', () => {
    for (const route of server.app.services.routes.filter((r) => r.url.startsWith('/api/'))) {
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(apiDoc, path).toContain(path);
    }
  });
});
