import { ref, watch } from 'vue';
import { useListQuery } from './list-query';

/**
 * A list the API pages by cursor: filters and page size in the URL (useListQuery), the cursors of the pages
 * seen so far kept here, so 上一页 goes back without asking again for the whole list.
 */
export function useCursorList<F extends Record<string, string>, T>(
  defaults: F,
  fetch: (
    filters: F,
    limit: number,
    cursor: string | undefined,
  ) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  const list = useListQuery(defaults);
  const items = ref<T[]>([]) as { value: T[] };
  const cursors = ref<(string | undefined)[]>([undefined]);
  const page = ref(1);
  const next = ref<string | null>(null);
  const loading = ref(false);
  const error = ref('');
  async function load() {
    loading.value = true;
    error.value = '';
    try {
      const r = await fetch(list.applied.value, list.pageSize.value, cursors.value[page.value - 1]);
      items.value = r.items;
      next.value = r.nextCursor;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      loading.value = false;
    }
  }
  watch(
    [list.applied, list.pageSize],
    () => {
      cursors.value = [undefined];
      page.value = 1;
      void load();
    },
    { immediate: true },
  );
  return {
    list,
    items,
    page,
    loading,
    error,
    hasNext: () => next.value !== null,
    reload: load,
    nextPage() {
      if (!next.value) return;
      cursors.value[page.value] = next.value;
      page.value += 1;
      void load();
    },
    prevPage() {
      if (page.value <= 1) return;
      page.value -= 1;
      void load();
    },
  };
}
