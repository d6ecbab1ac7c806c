import type { FastifyPluginAsync } from 'fastify';

/**
 * Marks a plugin as non-encapsulated (what the fastify-plugin helper does), so its hooks and
 * decorators apply to the whole app. Used for cross-cutting concerns: security, auth, metrics.
 */
export function globalPlugin<T extends FastifyPluginAsync>(plugin: T, name: string): T {
  Reflect.set(plugin, Symbol.for('skip-override'), true);
  Reflect.set(plugin, Symbol.for('fastify.display-name'), name);
  return plugin;
}
