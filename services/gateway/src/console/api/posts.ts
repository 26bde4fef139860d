import { ConflictError } from '@qihang/shared/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access, principalOf } from '../../auth/roles';
import { postsScope } from '../../auth/scope';
import type { RouteContext } from '../../http/context';
import { errorResponses, idParams, security } from '../../http/schemas';
import { employersRepo } from '../../posts/employers';
import { postsRepo } from '../../posts/repo';
import { postSchema } from '../../posts/schemas';

/** 重新开放: the counterpart of `POST /v1/posts/:id/close`, refused while the employer is closed. */
export const postReopenRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const repo = postsRepo(db);
  const employers = employersRepo(db);
  app.post(
    '/v1/posts/:id/reopen',
    {
      config: { roles: access.postOwners },
      schema: {
        tags: ['岗位供给清单 posts'],
        security,
        summary:
          'Reopen a closed post (招聘中 again); refused (409 employer_closed) while its employer is closed',
        params: idParams,
        response: { 200: postSchema, ...errorResponses },
      },
    },
    async (request) =>
      db.transaction(async (tx) => {
        const post = await repo.get(request.params.id, postsScope(principalOf(request)), tx);
        if (post.status === 'withdrawn') throw new ConflictError('a withdrawn post cannot be reopened');
        await employers.assertRecruiting(post.employerId, 'params.id', tx);
        await repo.update(post.id, { status: 'open' }, postsScope(principalOf(request)), tx);
        return repo.get(post.id, undefined, tx);
      }),
  );
};
