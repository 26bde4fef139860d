import { computed, reactive, watch } from 'vue';
import { type LocationQuery, useRoute, useRouter } from 'vue-router';

export const PAGE_SIZES = [10, 20, 50, 100];

/**
 * A list page's filters and paging live in the URL query, so a page can be bookmarked and the back button
 * works. `form` is what the filter form edits; `applied` is what the URL says (what the table shows).
 */
export function useListQuery<F extends Record<string, string>>(defaults: F) {
  const route = useRoute();
  const router = useRouter();
  const read = (q: LocationQuery): F =>
    Object.fromEntries(
      Object.keys(defaults).map((k) => [k, typeof q[k] === 'string' ? (q[k] as string) : defaults[k]]),
    ) as F;
  const applied = computed(() => read(route.query));
  const page = computed(() => Math.max(1, Number(route.query.page) || 1));
  const pageSize = computed(() => {
    const n = Number(route.query.pageSize);
    return PAGE_SIZES.includes(n) ? n : 20;
  });
  const form = reactive({ ...applied.value }) as F;
  watch(applied, (a) => Object.assign(form, a));

  const push = (filters: Partial<F>, p: number, size: number) => {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...applied.value, ...filters })) if (v) query[k] = v as string;
    if (p > 1) query.page = String(p);
    if (size !== 20) query.pageSize = String(size);
    return router.push({ query });
  };
  return {
    form,
    applied,
    page,
    pageSize,
    /** 查询: the form's filters, from the first page. */
    search: () => push({ ...form }, 1, pageSize.value),
    /** 重置: no filters. */
    reset: () => router.push({ query: {} }),
    setPage: (p: number) => push({}, p, pageSize.value),
    setPageSize: (s: number) => push({}, 1, s),
  };
}
