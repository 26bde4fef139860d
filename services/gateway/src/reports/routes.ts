import { todayInChina } from '@qihang/shared/domain/index';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import type { RouteContext } from '../http/context';
import { errorResponses, isoDate, regionCode, security } from '../http/schemas';
import { placementRate } from './placement-rate';
import { weeklyReport } from './weekly';
import { weeklyPage, weeklyWorkbook } from './weekly-export';

const tags = ['报表 reports'];

export const reportRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  app.get(
    '/v1/reports/placement-rate',
    {
      config: { roles: access.officials },
      schema: {
        tags,
        security,
        summary: '就业安置率 per region or facility, as of a date, against the yearly target',
        description:
          'Placed = a placement starting between 1 January and asOf; registered = people registered by asOf; both by origin. Reproducible for any past date.',
        querystring: z.object({
          by: z.enum(['region', 'facility']).default('region'),
          level: z.enum(['province', 'city', 'county']).default('city'),
          asOf: isoDate.optional(),
          regionCode: regionCode.optional(),
          target: z.coerce
            .number()
            .min(0)
            .max(1)
            .optional()
            .describe('overrides the yearly target (30%/50%/70%)'),
        }),
        response: {
          200: z.object({
            asOf: z.string(),
            items: z.array(
              z.object({
                key: z.string(),
                name: z.string(),
                registered: z.number().int(),
                placed: z.number().int(),
                rate: z.number(),
                target: z.number(),
                gap: z.number().int().describe('placements still needed to reach the target'),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const q = request.query;
      const asOf = q.asOf ?? todayInChina();
      // A bureau sees its own region only, whatever it asks for.
      const within = principal.role === 'bureau' ? principal.regionCode : (q.regionCode ?? null);
      const items = await placementRate(ctx.database, {
        by: q.by,
        level: q.level,
        asOf,
        within,
        targets: ctx.config.placementTargets,
        ...(q.target !== undefined ? { target: q.target } : {}),
      });
      return { asOf, items };
    },
  );

  app.get(
    '/v1/reports/weekly',
    {
      config: { roles: access.officials },
      schema: {
        tags,
        security,
        summary: '每周调度: per city, the Monday–Sunday week containing `week` (default: this week)',
        description:
          'New people, new posts, shortlist matches, intents, placements, placement rate vs target and the occupation with most unfilled places. Reproducible for any past week.',
        querystring: z.object({
          week: isoDate.optional().describe('any day of the week'),
          regionCode: regionCode.optional(),
          format: z.enum(['json', 'xlsx', 'html']).default('json'),
        }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const q = request.query;
      const within = principal.role === 'bureau' ? principal.regionCode : (q.regionCode ?? null);
      const report = await weeklyReport(
        ctx.database,
        q.week ?? todayInChina(),
        within,
        ctx.config.placementTargets,
      );
      if (q.format === 'json') return report;
      if (q.format === 'html')
        return reply.type('text/html; charset=utf-8').send(weeklyPage(report.from, report.to, report.items));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`每周调度_${report.from}.xlsx`)}`,
        )
        .send(await weeklyWorkbook(report.from, report.to, report.items));
    },
  );
};
