import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/ports.js';
import type { OpsRoute } from '../../ops/http.js';
import { SlackAdapter } from './slack.adapter.js';

/** Starts Slack for the app (Socket Mode with an app token, HTTP otherwise) and registers its quiz publisher. */
export async function startSlack(app: App, slack: NonNullable<Config['slack']>, port: number, logger: Logger, customRoutes?: OpsRoute[]): Promise<SlackAdapter> {
  const adapter = new SlackAdapter({ ...slack, port, bot: app.bot, logger: logger.child({ platform: 'slack' }), customRoutes });
  await adapter.start();
  app.services.quiz.registerPublisher('slack', adapter.publisher());
  return adapter;
}
