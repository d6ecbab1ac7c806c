import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../test/support/shared-data.ts';
import { listStrategies } from './registry.ts';

const doc = readFileSync(join(projectRoot, 'docs', 'strategies.md'), 'utf8');

/** The text of the `## id: name` section, up to the next heading of the same level. */
function section(id: string): string {
  const start = doc.indexOf(`\n## ${id}: `);
  if (start < 0) return '';
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/strategies.md', () => {
  it.each(listStrategies().map((d) => [d.id, d] as const))(
    'documents %s: every rule and every parameter with its default',
    (_id, definition) => {
      const text = section(definition.id);
      expect(text).not.toBe('');
      for (const rule of definition.rules) expect(text).toContain(rule);
      for (const p of definition.params) {
        // Prettier pads table cells, so match the first cell loosely.
        const row = text
          .split('\n')
          .find((line) => new RegExp(`^\\|\\s*\`${p.name}\`\\s*\\|`).test(line));
        expect(row, p.name).toBeDefined();
        expect(row).toContain(`\`${String(p.default)}\``);
      }
    },
  );
});
