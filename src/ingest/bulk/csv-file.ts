/**
 * CSV in the dialect of Neo4j's offline importer (`neo4j-admin database import`): comma-separated,
 * RFC 4180 quoting (a quote inside a value is doubled), an array's elements joined by the array
 * delimiter. An empty unquoted field is no property; a quoted empty field is the empty string.
 * Rows are buffered; the caller awaits flush() when `full`, so a file of any size streams with backpressure.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** One value: null → no property; strings always quoted (so "" stays an empty string). */
export function csvString(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value.indexOf('"') < 0 ? `"${value}"` : `"${value.replace(/"/g, '""')}"`;
}

export function csvNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A list of strings (each must not contain the delimiter: the caller picks one that no element holds). */
export function csvStringArray(values: readonly string[] | null | undefined, delimiter: string): string {
  if (values === null || values === undefined || values.length === 0) return '';
  return csvString(values.join(delimiter));
}

export function csvNumberArray(values: readonly number[] | null | undefined, delimiter: string): string {
  if (values === null || values === undefined || values.length === 0) return '';
  return values.map(String).join(delimiter);
}

export class CsvFile {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private chars = 0;
  rows = 0;
  /** Whether a value holds a line break (the importer must then read this file with multi-line fields). */
  multiline = false;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    this.buffer.push(header.join(','));
  }

  /** Adds one row of already formatted fields to the buffer (written by flush, which the caller awaits now and then). */
  row(fields: readonly string[]): void {
    this.line(fields.join(','));
  }

  /** Adds one already joined row. */
  line(line: string): void {
    if (!this.multiline && (line.includes('\n') || line.includes('\r'))) this.multiline = true;
    this.buffer.push(line);
    this.chars += line.length;
    this.rows++;
  }

  /** Whether enough is buffered to be worth writing. */
  get full(): boolean {
    return this.chars >= 1 << 20;
  }

  /** Writes what is buffered, waiting when the disk is behind. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.chars = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
