// Plain-text tables and the machine description printed with every benchmark run.
import { cpus, loadavg, totalmem } from 'node:os';

export type Cell = string | number | null | undefined;

function formatCell(value: Cell): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '-';
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : value;
}

/** Left-aligned first column, right-aligned figures. */
export function table(headers: string[], rows: Cell[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(formatCell))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export interface MachineInfo {
  cores: number;
  cpu: string;
  memory_gb: number;
  node: string;
  node_binary: string;
  load_average_1m: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    node_binary: process.execPath,
    load_average_1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

/** What a scenario hands back: text for people, figures for the JSON line, and caveats. */
export interface ScenarioReport {
  text: string;
  figures: Record<string, unknown>;
  notes: string[];
}

/** Progress goes to stderr, so that stdout holds only the report (its last line the JSON object). */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
