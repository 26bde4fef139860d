import { ref } from 'vue';
import { api } from '../api/client';

/** The sub-regions of the official's region (for a county filter), read from the 四个底数 drill-down. */
export function useSubRegions(regionCode: () => string | null | undefined) {
  const regions = ref<{ code: string; name: string }[]>([]);
  const code = regionCode();
  if (code) {
    void api
      .GET('/v1/four-counts', { params: { query: { region: code, drillDown: 'true' } } })
      .then(({ data }) => {
        regions.value = data?.children.map((c) => c.region) ?? [];
      });
  }
  return regions;
}
