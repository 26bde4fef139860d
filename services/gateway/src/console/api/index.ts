import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteContext } from '../../http/context';
import { batchRoutes } from './batches';
import { peopleSearchRoutes } from './people-search';
import { postReopenRoutes } from './posts';

/** Routes the console's pages needed that the API lacked; documented and authorized like every other. */
export const consoleApiRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  await app.register(peopleSearchRoutes, ctx);
  await app.register(batchRoutes, ctx);
  await app.register(postReopenRoutes, ctx);
};
