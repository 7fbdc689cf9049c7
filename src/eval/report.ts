/** Markdown rendering of evaluation reports (the JSON form is the EvalReport object itself). */
import type { EvalReport } from './run';

const COLUMNS = [
  'recall@10',
  'ndcg@10',
  'precision@10',
  'hit@10',
  'mrr@10',
  'recall@20',
  'ndcg@20',
  'precision@20',
  'hit@20',
  'mrr@20',
  'coverage@10',
  'coverage@20',
];

export function markdownTable(reports: readonly EvalReport[]): string {
  // Metrics beyond the usual ones (e.g. full-feed's cold-share@K) follow them.
  const columns = [
    ...COLUMNS,
    ...new Set(reports.flatMap((r) => Object.keys(r.metrics)).filter((c) => !COLUMNS.includes(c))),
  ];
  const head = ['model', 'seeds', ...columns, 'train s', 'eval s', 'backend'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of reports) {
    const cells = [
      r.model,
      r.seeds.join(','),
      ...columns.map((c) => (r.metrics[c] ?? NaN).toFixed(4)),
      r.trainSeconds.toFixed(1),
      r.evalSeconds.toFixed(1),
      r.backend,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Per-seed rows, test and validation NDCG/recall@10. */
export function markdownPerSeed(report: EvalReport): string {
  const lines = ['| seed | test R@10 | test N@10 | test R@20 | valid N@10 | train s |', '|---|---|---|---|---|---|'];
  for (const s of report.perSeed) {
    lines.push(
      `| ${s.seed} | ${s.metrics['recall@10']!.toFixed(4)} | ${s.metrics['ndcg@10']!.toFixed(4)} | ${s.metrics['recall@20']!.toFixed(4)} | ${s.validation['ndcg@10']!.toFixed(4)} | ${s.trainSeconds.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}
