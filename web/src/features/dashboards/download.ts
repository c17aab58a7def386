/** The browser side of "Download CSV" (DOM only; the CSV itself is built by table-data.ts). */
import { toCsv, type TTable } from './table-data';

/** Starts the browser's download of a table as `<name>.csv` (UTF-8 with a BOM, so spreadsheet programs read any script). */
export function downloadCsv(table: TTable, fileName: string): void {
  const blob = new Blob(['\uFEFF', toCsv(table)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
