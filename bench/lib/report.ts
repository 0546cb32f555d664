import type { LoadResult } from "./load.ts";

// Each benchmark prints its figures and, when run by bench/run.mjs, hands them over for the table.

export interface Figure {
  figure: string;
  value: string;
  /** What we aim for, e.g. "≥ 0.6×"; `met` says whether this run reached it. */
  target?: string;
  met?: boolean;
}

export function report(bench: string, figures: Figure[]): void {
  for (const f of figures) {
    const verdict = f.target ? `  (target ${f.target}: ${f.met ? "met" : "missed"})` : "";
    console.log(`  ${f.figure.padEnd(40)} ${f.value}${verdict}`);
  }
  process.send?.({ bench, figures });
}

export const fmt = {
  /** "1,234/s" plus what failed, e.g. "1,234/s (failed: 3× 429)". */
  rate: (r: LoadResult, digits = 0) => {
    const failed = Object.entries(r.failures).map(([what, count]) => `${count}× ${what}`);
    const rate = digits ? r.rps.toFixed(digits) : Math.round(r.rps).toLocaleString("en-US");
    return `${rate}/s${failed.length ? ` (failed: ${failed.join(", ")})` : ""}`;
  },
  int: (n: number) => Math.round(n).toLocaleString("en-US"),
  ms: (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : Math.round(n)} ms` : "—"),
  mib: (n: number) => `${Math.round(n)} MiB`,
  ratio: (n: number) => `${n.toFixed(2)}×`,
};

/** Prints rows as aligned columns, the first row being the header. */
export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()}`);
}

/** Runs a benchmark body, turning a failure into a printed line and a non-zero exit code. */
export async function main(name: string, body: () => Promise<void>): Promise<void> {
  console.log(`\n${name}`);
  try {
    await body();
  } catch (error) {
    console.error("  failed:", error);
    process.exitCode = 1;
  }
}
