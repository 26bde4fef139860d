import { regions } from '@qihang/shared/db/schema/index';
import { todayInChina } from '@qihang/shared/domain/index';
import { NotFoundError } from '@qihang/shared/errors';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import { assertRegionInScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, isoDate, regionCode, security } from '../http/schemas';
import { childRegions, fourCounts } from './four-counts';

const countsSchema = z
  .object({
    labour: z.number().int().describe('(1) 输出地劳动力底数'),
    intending: z.number().int().describe('(2) 到某地就业意向底数'),
    willingToTrain: z.number().int().describe('(3) 愿意接受培训底数'),
    suitablePosts: z.number().int().describe('(4) 适合的岗位信息底数 (posts)'),
    suitableVacancies: z.number().int().describe('headcount left in the posts of (4)'),
  })
  .meta({ id: 'FourCounts' });
const place = z.object({ code: z.string(), name: z.string() });

const description = `四个底数 of an origin region as of a date (China time), with drill-down by child regions.

1. **labour 输出地劳动力底数** — people whose origin region lies in \`region\`, registered before the end of \`asOf\`. Erased people still count (erasure keeps the anonymous row).
2. **intending 到某地就业意向底数** — of (1), people whose acceptable regions overlap \`destination\` (one contains the other: 济南市 matches 山东省 and 历下区), or who listed none but are willing to relocate. Without \`destination\`: people who listed any acceptable region or are willing to relocate.
3. **willingToTrain 愿意接受培训底数** — of (1), people willing to train.
4. **suitablePosts 适合的岗位信息底数** — posts located in \`destination\` (anywhere without one) that are open, created by \`asOf\`, valid on \`asOf\`, have headcount left, and whose occupation is desired by someone counted in (2). \`suitableVacancies\` is their headcount left.

\`unallocated\` holds the part of (1)–(3) registered at the region itself rather than a child (children + unallocated = total). (4) is not additive across children. Preferences, post status and filled counts are their current values (they are not historized). The SQL is in services/gateway/FOUR_COUNTS.md.`;

export const fourCountsRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { database } = ctx;

  async function regionName(code: string, path: string) {
    const [row] = await database.db
      .select({ name: regions.fullName })
      .from(regions)
      .where(eq(regions.code, code));
    if (!row) throw new NotFoundError(`region ${code} (${path})`);
    return row.name;
  }

  app.get(
    '/v1/four-counts',
    {
      config: { roles: access.officials },
      schema: {
        tags: ['四个底数 four counts'],
        security,
        summary: '四个底数 of a region, with drill-down by child regions',
        description,
        querystring: z.object({
          region: regionCode.describe('origin region (province, city or county)'),
          asOf: isoDate.optional().describe('default: today (China time)'),
          destination: regionCode.optional().describe('where people would go to work'),
          drillDown: z.enum(['true', 'false']).default('true'),
        }),
        response: {
          200: z.object({
            region: place,
            asOf: z.string(),
            destination: place.nullable(),
            counts: countsSchema,
            children: z.array(z.object({ region: place, counts: countsSchema })),
            unallocated: countsSchema.pick({ labour: true, intending: true, willingToTrain: true }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      assertRegionInScope(principalOf(request), q.region, 'the region', 'querystring.region');
      const asOf = q.asOf ?? todayInChina();
      const destination = q.destination ?? null;
      const name = await regionName(q.region, 'querystring.region');
      const destinationName = destination ? await regionName(destination, 'querystring.destination') : null;
      const counts = await fourCounts(database, { region: q.region, asOf, destination });
      const children =
        q.drillDown === 'true'
          ? await Promise.all(
              (await childRegions(database, q.region)).map(async (child) => ({
                region: child,
                counts: await fourCounts(database, { region: child.code, asOf, destination }),
              })),
            )
          : [];
      const sum = (k: 'labour' | 'intending' | 'willingToTrain') =>
        counts[k] - children.reduce((s, c) => s + c.counts[k], 0);
      return {
        region: { code: q.region, name },
        asOf,
        destination: destination && destinationName ? { code: destination, name: destinationName } : null,
        counts,
        children,
        unallocated: children.length
          ? { labour: sum('labour'), intending: sum('intending'), willingToTrain: sum('willingToTrain') }
          : { labour: 0, intending: 0, willingToTrain: 0 },
      };
    },
  );
};
