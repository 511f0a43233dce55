// Arrow IPC file (random-access "Feather v2" format) through typed-csv/arrow's toArrow, which
// shares the parsed buffers, and apache-arrow's RecordBatchFileWriter: one record batch per parsed
// batch, the bytes flowing to the file while the next batch is parsed.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse, type ColumnInfo, type Schema, type Table } from '../../index.js';
import { importOptional } from '../optional.js';
import type { FormatWriter } from './format.js';

type ArrowModule = typeof import('apache-arrow');

export async function openArrow(path: string, columns: readonly ColumnInfo[], nullsPossible: boolean): Promise<FormatWriter> {
  const arrow = await importOptional<ArrowModule>('apache-arrow', 'writing Arrow IPC');
  // typed-csv/arrow, loaded only for this format (it imports apache-arrow at the top)
  const { toArrow } = await import('../../arrow/index.js');
  const writer = new arrow.RecordBatchFileWriter();
  const done = pipeline(writer.toNodeStream(), createWriteStream(path));
  done.catch(() => {}); // awaited in finish; a write error must not be an unhandled rejection meanwhile
  let schema: import('apache-arrow').Schema | undefined;
  let firstArrowSchema: import('apache-arrow').Schema | undefined;
  // A category's dictionary grows from batch to batch. The IPC file format takes only additions
  // (delta dictionary batches), and apache-arrow writes one when the new dictionary vector starts
  // with the chunks of the one it wrote before: so each batch's dictionary is the previous vector
  // plus a chunk of the entries new in this batch.
  const written = new Map<number, import('apache-arrow').Vector>();
  const asDelta = (d: import('apache-arrow').Data, i: number): import('apache-arrow').Data => {
    const dict = d.dictionary!;
    const before = written.get(i);
    const next = before === undefined ? dict : dict.length === before.length ? before : before.concat(dict.slice(before.length));
    written.set(i, next);
    const copy = d.clone(); // same buffers, another dictionary
    copy.dictionary = next;
    return copy;
  };
  const self: FormatWriter = {
    async write(batch) {
      // the first batch's Arrow schema keeps category dictionary ids the same in every batch
      const table = toArrow(batch, firstArrowSchema ? { schema: firstArrowSchema } : {});
      firstArrowSchema ??= table.schema;
      // Every batch of one file has the same schema: a column is nullable in all of them if it
      // is declared so or the null policy may null values in any batch.
      schema ??= new arrow.Schema(table.schema.fields.map((f, i) => new arrow.Field(f.name, f.type, columns[i].nullable || nullsPossible)));
      for (const rb of table.batches) {
        const children = rb.data.children.map((d, i) => (arrow.DataType.isDictionary(d.type) ? asDelta(d, i) : d));
        writer.write(new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: rb.numRows, nullCount: 0, children })));
      }
      await new Promise((resolve) => setImmediate(resolve)); // let the bytes reach the file
    },
    async finish() {
      // no data rows: a file that still has the schema, from an empty table of the same columns
      if (schema === undefined) await self.write(emptyTable(columns));
      writer.finish();
      writer.close();
      await done;
    },
  };
  return self;
}

function emptyTable(columns: readonly ColumnInfo[]): Table {
  const schema: Schema = {};
  for (const c of columns) schema[c.name] = { ...c, type: c.type, nullable: c.nullable } as Schema[string];
  for (const c of Object.values(schema)) delete (c as { name?: string }).name;
  return parse(new Uint8Array(0), { schema, header: false });
}
