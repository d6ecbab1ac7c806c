import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { writeOut } from '../output.ts';

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new InputError('--port', text, 'expected a port number from 0 to 65535');
  }
  return port;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Start the REST API: migrates the database, creates the first admin on an empty ' +
        'database (printing how to log in once), starts the job queue and listens',
    )
    .option('--host <host>', 'interface to listen on (default HOST, else 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default PORT, else 8080)', parsePort)
    .addHelpText(
      'after',
      `
Configuration (environment or .env; see docs/api.md):
  DATABASE_URL, REDIS_URL, LOG_LEVEL            shared with the other commands
  MICROCAP_JWT_SECRET                           HS256 secret, 32+ chars (required in production)
  MICROCAP_MASTER_KEY                           encrypts stored API keys (required in production)
  MICROCAP_ADMIN_EMAIL, MICROCAP_ADMIN_PASSWORD the first admin (else one is generated)
  MICROCAP_CORS_ORIGINS                         comma-separated allowed origins
  MICROCAP_AUDIT_KEY                            HMAC key for the audit chain
  MICROCAP_DEMO_DATA=false                      do not load the synthetic demo data on first start
  NODE_ENV=production or MICROCAP_ENV=production  production mode

Open http://HOST:PORT/docs for the interactive API documentation.`,
    )
    .action(async (options: { host?: string; port?: number }) => {
      const { startServer } = await import('../../server/start-server.ts');
      const running = await startServer({
        host: options.host,
        port: options.port,
        onFirstAdmin: (admin) => {
          process.stdout.write(
            admin.generatedPassword
              ? `Created the first admin. Log in with:\n  email:    ${admin.email}\n  password: ${admin.generatedPassword}\n` +
                  'This password is shown only once: change it with `microcap users reset-password`.\n'
              : `Created the first admin ${admin.email} from MICROCAP_ADMIN_EMAIL / MICROCAP_ADMIN_PASSWORD.\n`,
          );
        },
        onDemoData: (series) => {
          process.stdout.write(
            `Loaded the SYNTHETIC demo universe (${series} series, symbols SYN-…) into the empty ` +
              'database; set MICROCAP_DEMO_DATA=false to skip this.\n',
          );
        },
      });
      await writeOut(
        `microcap is running.\n  Dashboard: ${running.url}/\n  API docs:  ${running.url}/docs\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await running.stop();
    });
}
