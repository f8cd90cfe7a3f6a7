import { Events, Team, type Client } from 'discord.js';
import type { Logger } from '../log.ts';

/**
 * The application's owner, or its team's members: the people /kb always admits. Read once
 * when the client is first ready (`ClientApplication.fetch()`, GET /applications/@me); until
 * then, and if that request fails, nobody is the owner (the configured admins still are admins).
 */
export function trackApplicationOwners(client: Client, logger: Logger): () => Promise<readonly string[]> {
  let owners: Promise<readonly string[]> = Promise.resolve([]);
  client.once(Events.ClientReady, (ready) => {
    owners = ready.application.fetch().then(
      (application) => {
        const owner = application.owner;
        const ids = owner instanceof Team ? [...owner.members.keys()] : owner ? [owner.id] : [];
        logger.info({ owners: ids.length, team: owner instanceof Team }, 'application owner known');
        return ids;
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'could not read the application owner; /kb is open only to KB_ADMIN_GUILD_IDS and ADMIN_ROLE_IDS');
        return [];
      },
    );
  });
  return () => owners;
}
