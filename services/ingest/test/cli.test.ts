import path from 'node:path';
import { loadConfig } from '@qihang/shared/config/index';
import { describe, expect, it } from 'vitest';
import { runIngestCommand } from '../src/cli';
import { tmpDir, writeXlsx } from './helpers/fixtures';

describe('qihang ingest', () => {
  it('prints usage for missing arguments', async () => {
    const out: string[] = [];
    expect(await runIngestCommand(['x.xlsx'], loadConfig({}), { out: (s) => out.push(s) })).toBe(2);
    expect(out[0]).toContain('--kind people|posts');
  });

  it('ingests a file into the embedded database and prints the report in Chinese', async () => {
    const dir = tmpDir();
    const file = await writeXlsx(
      path.join(dir, 'posts.xlsx'),
      '岗位供给清单',
      ['企业名称', '岗位名称', '工作地点', '招聘人数', '薪资'],
      [
        ['泸溪县扶贫车间', '缝纫工', '泸溪', 5, '日结120元'],
        ['泸溪县扶贫车间', '包装工', '火星市', 2, '3000'],
      ],
    );
    const config = loadConfig({ PGLITE_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'silent' });
    const out: string[] = [];
    const code = await runIngestCommand([file, '--kind', 'posts', '--source', 'luxi'], config, {
      out: (s) => out.push(s),
    });
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('新增 1');
    expect(text).toContain('拒收 1');
    expect(text).toContain('第4行  工作地点：无法识别的地名“火星市”');
    expect(text).toContain('1 个后续任务（向量化等）保存在 outbox 中');
  });
});
