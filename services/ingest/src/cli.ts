import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '@qihang/shared/bootstrap';
import type { Config } from '@qihang/shared/config/index';
import { outbox } from '@qihang/shared/db/schema/index';
import { type ListKind, listKinds } from '@qihang/shared/domain/index';
import { createLogger } from '@qihang/shared/log/index';
import { drainOutboxInline } from '@qihang/shared/queue/inline';
import { createOutboxRelay } from '@qihang/shared/queue/relay';
import { allJobNames, type JobHandlers } from '@qihang/shared/queue/runtime';
import { count, isNull } from 'drizzle-orm';
import { ingestFile } from './index';
import type { BatchReport } from './types';

export const INGEST_USAGE =
  'ingest <file.xlsx|file.xls|file.csv|file.txt> --kind people|posts [--source NAME]';

const KIND_LABEL: Record<ListKind, string> = { people: '求职需求清单', posts: '岗位供给清单' };

/** What an official is told about a workbook's tabs that were not imported; null when there are none. */
export function skippedSheetsNote(r: Pick<BatchReport, 'sheet' | 'skippedSheets'>): string | null {
  if (r.skippedSheets.length === 0) return null;
  const tab = (s: BatchReport['skippedSheets'][number]) =>
    `「${s.sheet}」（${s.rows === null ? '无法读取' : `${s.rows} 行`}）`;
  const shown = r.skippedSheets.filter((s) => !s.hidden);
  const hidden = r.skippedSheets.filter((s) => s.hidden);
  const parts = [`只导入了工作表「${r.sheet ?? ''}」`];
  if (shown.length > 0)
    parts.push(
      `工作表${shown.map(tab).join('、')}未导入：每个文件只导入第一个工作表，其他工作表中的清单请另存为单独的文件上传`,
    );
  if (hidden.length > 0) parts.push(`隐藏的工作表${hidden.map(tab).join('、')}也未导入`);
  return parts.join('；');
}

/** The batch report as an official reads it at a terminal. */
export function formatReport(r: BatchReport, maxRows = 50): string {
  const lines = [
    `${KIND_LABEL[r.kind]}  ${r.filename ?? ''}  （来源：${r.source}，批次 ${r.batchId}）`,
    `状态：${r.status === 'done' ? '完成' : r.status === 'failed' ? '失败' : '进行中'}${r.error ? `（${r.error}）` : ''}`,
    `新增 ${r.accepted}（其中与其他来源合并 ${r.merged}）  更新 ${r.updated}  未变 ${r.unchanged}  拒收 ${r.rejected}  待复核 ${r.flagged}`,
  ];
  if (r.unmappedColumns.length) lines.push(`未识别的列：${r.unmappedColumns.join('、')}`);
  const skipped = skippedSheetsNote(r);
  if (skipped) lines.push(skipped);
  if (r.rejectedRows.length) {
    lines.push('拒收的行：');
    for (const row of r.rejectedRows.slice(0, maxRows))
      lines.push(`  第${row.rowNumber}行  ${row.errors.map((e) => `${e.field}：${e.reason}`).join('；')}`);
    if (r.rejectedRows.length > maxRows)
      lines.push(`  …另有 ${r.rejectedRows.length - maxRows} 行，见批次报告`);
  }
  if (r.warnings.length) {
    lines.push('待复核：');
    for (const w of r.warnings.slice(0, maxRows)) lines.push(`  第${w.rowNumber}行  ${w.field}：${w.reason}`);
    if (r.warnings.length > maxRows) lines.push(`  …另有 ${r.warnings.length - maxRows} 条`);
  }
  return lines.join('\n');
}

/**
 * `qihang ingest`: ingests a file into the configured database (PGlite by default, PostgreSQL with
 * DATABASE_URL) and prints the batch report. With REDIS_URL the new jobs are relayed to the queue for the
 * workers; without, they run in-process if handlers are given, else wait in the outbox.
 */
export async function runIngestCommand(
  args: string[],
  config: Config,
  options: {
    handlers?: Partial<JobHandlers<unknown>>;
    handlerDeps?: unknown;
    out?: (s: string) => void;
  } = {},
): Promise<number> {
  const out = options.out ?? ((s: string) => process.stdout.write(`${s}\n`));
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { kind: { type: 'string' }, source: { type: 'string' }, json: { type: 'boolean' } },
  });
  const file = positionals[0];
  const kind = values.kind as ListKind | undefined;
  if (!file || !kind || !listKinds.includes(kind)) {
    out(`usage: pnpm qihang ${INGEST_USAGE}`);
    return 2;
  }
  const log = createLogger(config, { cmd: 'ingest' });
  const database = await prepareDatabase(config, log);
  try {
    const report = await ingestFile(
      { database, idHashKey: config.secrets.idHashKey, log },
      { kind, source: values.source ?? 'cli', filename: path.basename(file), path: file },
    );
    out(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    if (config.queue.kind === 'redis') {
      const relay = createOutboxRelay(database, config.queue.url, { log });
      try {
        out(`已将 ${await relay.drain()} 个后续任务（向量化等）送入队列`);
      } catch (err) {
        out(`队列暂不可用（${(err as Error).message}），后续任务已保存在 outbox，服务恢复后自动发送`);
      } finally {
        await relay.stop();
      }
    } else if (options.handlers && allJobNames.every((n) => options.handlers?.[n])) {
      const r = await drainOutboxInline(database, options.handlers, options.handlerDeps, { log });
      out(`已在本进程执行 ${r.handled} 个后续任务${r.failed ? `，${r.failed} 个失败（稍后重试）` : ''}`);
    } else {
      const [pending] = await database.db.select({ n: count() }).from(outbox).where(isNull(outbox.relayedAt));
      out(`${pending?.n ?? 0} 个后续任务（向量化等）保存在 outbox 中，将在服务启动后执行`);
    }
    return report.status === 'done' ? 0 : 1;
  } finally {
    await database.close();
  }
}
