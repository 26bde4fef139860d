import { todayInChina } from '@qihang/shared/domain/index';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import { peopleScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, security } from '../http/schemas';
import { trainingDemand } from './training-demand';
import { DEFAULT_PER_PERSON_YUAN, trainingPlan, trainingPlanWorkbook } from './training-plan';

const tags = ['技能培训 training'];

const demandItem = z.object({
  facilityId: z.uuid().nullable(),
  facilityName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  item: z.string().describe('the one missing certificate or skill'),
  people: z.number().int(),
  posts: z.number().int(),
  openHeadcount: z.number().int(),
  courses: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      provider: z.string(),
      durationDays: z.number().int(),
      costYuan: z.number().int(),
    }),
  ),
});

export const trainingPlanRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  app.get(
    '/v1/reports/training-demand',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary:
          'Which single missing certificate/skill would unlock the most open headcount, by facility and city',
        description:
          'Counts people willing to train in the caller’s scope; a post counts when it fails only on that one item.',
        response: { 200: z.object({ asOf: z.string(), items: z.array(demandItem) }), ...errorResponses },
      },
    },
    async (request) => {
      const asOf = todayInChina();
      return { asOf, items: await trainingDemand(ctx.database, peopleScope(principalOf(request)), asOf) };
    },
  );

  app.get(
    '/v1/reports/training-plan',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: '《培训计划申报表》: planned trainees per course and budget, as JSON or XLSX',
        querystring: z.object({
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          perPersonYuan: z.coerce.number().int().min(0).max(100000).default(DEFAULT_PER_PERSON_YUAN),
          format: z.enum(['json', 'xlsx']).default('json'),
        }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const today = todayInChina();
      const year = request.query.year ?? Number(today.slice(0, 4));
      const demand = await trainingDemand(ctx.database, peopleScope(principalOf(request)), today);
      const rows = trainingPlan(demand, request.query.perPersonYuan);
      if (request.query.format === 'json') return { year, items: rows };
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`${year}年度培训计划申报表.xlsx`)}`,
        )
        .send(await trainingPlanWorkbook(year, rows));
    },
  );
};
