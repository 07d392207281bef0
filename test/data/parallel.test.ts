/**
 * Parsing a file on several threads (src/data/parallel-read.ts) must read exactly what one thread
 * reads: the same columns bit for bit (Object.is), names, skipped rows, and the same first error
 * at the same file:line:column. Threads are forced on small files through the internal settings;
 * the worker is bundled from the sources here, so the test reads what the sources say.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learningList, readTable, type FileDigest, type ReadOptions, type Source, type Table } from '../../src/data/index.js';
import { takeWorkers } from '../../src/threads.js';
import { warmUpParsing } from '../../src/data/parallel-part.js';
import { plainTable, renderTable, type TableSpec } from './arbitraries.js';
import { pick, tempFile } from './helpers.js';
import { buildWorker } from '../worker-build.js';

const workerDir = mkdtempSync(join(tmpdir(), 'gradfit-parse-worker-'));
let workerScript = '';
beforeAll(() => {
  workerScript = buildWorker(workerDir);
});

afterAll(() => rmSync(workerDir, { recursive: true, force: true }));

type Outcome = { table: Table } | { error: string };

/** Read with `threads` parts (1: the one-thread reader), any file size. */
async function readWith(threads: number, source: Source, options: ReadOptions, script = workerScript): Promise<Outcome> {
  const saved = { ...process.env };
  process.env.GRADFIT_INTERNAL_PARSE_THREADS = String(threads);
  process.env.GRADFIT_INTERNAL_PARSE_MIN_BYTES = '1';
  process.env.GRADFIT_INTERNAL_WORKER = script;
  try {
    return { table: await readTable(source, options) };
  } catch (e) {
    if (!(e instanceof Error) || e.name !== 'DataError') throw e;
    return { error: e.message };
  } finally {
    // (The workers are kept for a fit's passes after a read; no fit follows here.)
    await Promise.all(takeWorkers().map((w) => w.worker.terminate()));
    for (const k of ['GRADFIT_INTERNAL_PARSE_THREADS', 'GRADFIT_INTERNAL_PARSE_MIN_BYTES', 'GRADFIT_INTERNAL_WORKER']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

/** Everything a reader gives back, in a shape toEqual compares (columns checked bit for bit apart). */
function expectSame(parallel: Outcome, single: Outcome): void {
  if ('error' in parallel || 'error' in single) {
    expect(parallel).toEqual(single);
    return;
  }
  const [p, s] = [parallel.table, single.table];
  const meta = (t: Table) => ({ ...t, columns: null, parts: null });
  expect(meta(p)).toEqual(meta(s));
  expect(p.columns.length).toBe(s.columns.length);
  p.columns.forEach((column, k) => {
    const other = s.columns[k];
    expect(column.length).toBe(other.length);
    for (let i = 0; i < column.length; i++) {
      if (!Object.is(column[i], other[i])) expect.fail(`column ${k} row ${i}: ${column[i]} vs ${other[i]}`);
    }
  });
}

function optionsFor(spec: TableSpec): ReadOptions {
  return {
    delimiter: spec.tellDelimiter ? spec.delimiter : undefined,
    skipInvalid: spec.skipInvalid,
    select: (_names, width) => spec.picks.map((k) => k % width),
  };
}

/** Read `path` on one thread and on `threads`; compare; return the parallel outcome. */
async function compare(path: string, options: ReadOptions, threads: number): Promise<Outcome> {
  const single = await readWith(1, { kind: 'file', path }, options);
  const parallel = await readWith(threads, { kind: 'file', path }, options);
  expectSame(parallel, single);
  if ('table' in single) expect(single.table.parts).toBeUndefined();
  return parallel;
}

const partsOf = (o: Outcome): number => ('table' in o ? (o.table.parts ?? 1) : 0);

/**
 * Tables long enough that the first part usually holds the header and some rows: the generated
 * lines, repeated up to 24 or more, with the rows of every copy after the first made plain numbers
 * now and then (so a bad cell is not always in the first part).
 */
const longTable: fc.Arbitrary<TableSpec> = fc.tuple(plainTable, fc.boolean()).map(([spec, clean]) => {
  const lines: TableSpec['lines'] = [];
  const copies = Math.ceil(24 / Math.max(1, spec.lines.length));
  for (let k = 0; k < copies; k++) {
    for (const line of spec.lines) {
      if (k > 0 && clean && 'cells' in line) lines.push({ ...line, cells: line.cells.map((_, j) => String(k * 10 + j)) });
      else lines.push(line);
    }
  }
  return { ...spec, lines };
});

/** `rows` lines of x,y (numbers in several notations), with a header. */
function bigCsv(rows: number, cell: (i: number) => string = (i) => `${(i * 0.37 - 50).toPrecision(17)},${Math.sin(i) * 1e3}`): string {
  let text = 'x,y\n';
  for (let i = 0; i < rows; i++) text += `${cell(i)}\n`;
  return text;
}

describe('parallel parsing reads what one thread reads', () => {
  it('on generated tables: notations, CRLF/CR, blank and comment lines, BOM, header or not, bad cells, --skip-invalid', async () => {
    let split = 0;
    await fc.assert(
      fc.asyncProperty(longTable, fc.integer({ min: 2, max: 4 }), async (spec, threads) => {
        const path = tempFile(renderTable(spec));
        const parallel = await compare(path, optionsFor(spec), threads);
        if (partsOf(parallel) > 1) split++;
      }),
      { numRuns: 40 },
    );
    // Most runs really were split (the others fell back: no header yet, a CR-only file, an error).
    expect(split).toBeGreaterThan(10);
  });

  it('on whitespace-separated tables', async () => {
    let split = 0;
    const separators = [' ', '\t', '   ', ' \t '];
    await fc.assert(
      fc.asyncProperty(longTable, fc.integer({ min: 2, max: 3 }), async (spec, threads) => {
        const cells: TableSpec = {
          ...spec,
          lines: spec.lines.map((line) => ('text' in line ? line : { ...line, cells: line.cells.map((c) => c.trim() || 'abc') })),
        };
        const path = tempFile(renderTable(cells, undefined, (row, column) => separators[(row + column) % separators.length]));
        const parallel = await compare(path, { ...optionsFor(cells), delimiter: 'whitespace' }, threads);
        if (partsOf(parallel) > 1) split++;
      }),
      { numRuns: 40 },
    );
    // (About 2 runs in 5 split: a row with a cell more than the first is an error, often in the first part.)
    expect(split).toBeGreaterThan(5);
  });

  it('splits a large file, and the columns are the same bit for bit', async () => {
    const path = tempFile(bigCsv(20_000));
    for (const threads of [2, 3, 5]) {
      const parallel = await compare(path, { select: pick('x', 'y') }, threads);
      // One part per thread, and before them a first part of the first 1000 lines (FIRST_PART_LINES).
      expect(partsOf(parallel)).toBe(threads + 1);
      expect('table' in parallel && parallel.table.n).toBe(20_000);
    }
  });

  it('reads decimal commas (--decimal , with ;) and a column selected twice', async () => {
    const path = tempFile(bigCsv(5_000, (i) => `${i};${(i / 7).toFixed(5).replace('.', ',')};${-i / 3}`).replace('x,y', 'a;b;c'));
    const parallel = await compare(path, { decimal: ',', select: pick('b', 'a', 'b') }, 3);
    expect(partsOf(parallel)).toBe(4);
  });

  it('reports a bad cell in a later part at its file:line:column', async () => {
    const text = bigCsv(9_000, (i) => (i === 7_000 ? '1.5,oops' : `${i},${i / 3}`));
    const path = tempFile(text);
    const parallel = await compare(path, { select: pick('x', 'y') }, 3);
    // Line 7002: the header is line 1 and row i is line i + 2.
    expect(parallel).toEqual({ error: `${path}:7002:2: expected a number in column 2 (y), found "oops"` });
  });

  it('reports the first of two bad cells in file order, whatever part finishes first', async () => {
    const text = bigCsv(9_000, (i) => (i === 4_000 ? '1.5,,' : i === 8_000 ? 'bad,1' : `${i},${i / 3}`));
    const path = tempFile(text);
    const parallel = await compare(path, { select: pick('x', 'y') }, 4);
    expect(parallel).toEqual({ error: `${path}:4002:2: expected a number in column 2 (y), found an empty cell` });
  });

  it('counts lines across parts with CRLF, CR, blank and comment lines (a ragged row in the last part)', async () => {
    let text = 'x,y\r\n';
    for (let i = 0; i < 6_000; i++) text += i % 7 === 0 ? '# note\r\n\r\n' : i % 11 === 0 ? `${i},${i}\r` : `${i},${i * 2} # c\r\n`;
    text += '1,2,\r\n7\r\n';
    const path = tempFile(text);
    const parallel = await compare(path, { select: pick('x', 'y') }, 3);
    expect('error' in parallel && parallel.error).toMatch(/:\d+: 1 field, expected at least 2$/);
  });

  it('refuses a row with an extra field in a later part at its file:line:column; a trailing delimiter on every row is no field', async () => {
    const ragged = tempFile(bigCsv(9_000, (i) => (i === 6_000 ? '3,1,5' : `${i},${i / 3}`)));
    expect(await compare(ragged, { select: pick('x', 'y') }, 3)).toEqual({ error: `${ragged}:6002:3: 3 fields where the header has 2: an extra field "5"` });
    const skipped = await compare(ragged, { select: pick('x', 'y'), skipInvalid: true }, 3);
    expect('table' in skipped && [skipped.table.n, skipped.table.skipped]).toEqual([8_999, 1]);
    const trailing = await compare(tempFile(bigCsv(9_000, (i) => `${i},${i / 3},`)), { select: pick('x', 'y') }, 3);
    expect('table' in trailing && [trailing.table.n, trailing.table.reader, partsOf(trailing)]).toEqual([9_000, 'fast', 4]);
  });

  it("names on the comment line above the first row (numpy's savetxt header, # time,signal, #,time,signal): the same in every part, and errors at the same line", async () => {
    const body = (row: (i: number) => string): string => Array.from({ length: 9_000 }, (_, i) => `${row(i)}\n`).join('');
    for (const [top, row] of [
      ['# made by savetxt\n# time signal\n', (i: number) => `${i / 8} ${(i * 0.37).toPrecision(17)}`],
      ['# time,signal\n\n', (i: number) => `${i / 8},${(i * 0.37).toPrecision(17)}`],
      ['#,time,signal\n', (i: number) => `${i + 1},${i / 8},${(i * 0.37).toPrecision(17)}`],
    ] as const) {
      const notes: string[] = [];
      const options: ReadOptions = { select: pick('time', 'signal'), onNote: (m) => notes.push(m) };
      const parallel = await compare(tempFile(top + body(row)), options, 3);
      if (!('table' in parallel)) expect.fail(parallel.error);
      expect(partsOf(parallel)).toBe(4);
      expect(parallel.table.header).toEqual(top.startsWith('#,') ? ['#', 'time', 'signal'] : ['time', 'signal']);
      expect([parallel.table.n, parallel.table.columns[0][8_999], parallel.table.columns[1][8_999]]).toEqual([9_000, 8_999 / 8, Number((8_999 * 0.37).toPrecision(17))]);
      // One note a read (one thread, then three), the same.
      expect(notes).toHaveLength(2);
      expect(notes[1]).toBe(notes[0]);
      // A bad cell in a later part: the line counts the comment lines.
      const bad = tempFile(top + body((i) => (i === 7_000 ? row(i).replace(/[^ ,]+$/, 'oops') : row(i))));
      const lines = top.split('\n').length - 1;
      const column = top.startsWith('#,') ? 3 : 2;
      expect(await compare(bad, { select: pick('time', 'signal') }, 3)).toEqual({ error: `${bad}:${lines + 7_001}:${column}: expected a number in column ${column} (signal), found "oops"` });
    }
  });

  it('a # after text is text in every part (x,#cells,y and run #k), and one after a number a comment', async () => {
    let text = 'id,x,#cells,y\n';
    for (let i = 0; i < 9_000; i++) text += `run #${i},${i},${3 * i},${i / 4}${i % 3 === 0 ? ' # checked' : ''}\n`;
    const parallel = await compare(tempFile(text), { select: pick('x', 'y', '#cells') }, 3);
    expect(partsOf(parallel)).toBe(4);
    if (!('table' in parallel)) expect.fail(parallel.error);
    expect(parallel.table.header).toEqual(['id', 'x', '#cells', 'y']);
    expect([parallel.table.n, parallel.table.columns[1][8_999], parallel.table.columns[2][8_999]]).toEqual([9_000, 8_999 / 4, 3 * 8_999]);
  });

  it("R's write.table with a quoted text cell holding a blank (\"ok run\"): the same columns in every part", async () => {
    let text = '"t" "y" "note"\n';
    for (let i = 0; i < 9_000; i++) text += `"${i + 1}" ${i / 8} ${(i * 0.37).toPrecision(17)} "${i % 2 === 0 ? 'ok run' : 'said ""no"" #2'}"\n`;
    const parallel = await compare(tempFile(text), { select: pick('t', 'y') }, 3);
    expect(partsOf(parallel)).toBe(4);
    if (!('table' in parallel)) expect.fail(parallel.error);
    expect(parallel.table.header).toEqual(['', 't', 'y', 'note']);
    expect([parallel.table.n, parallel.table.columns[0][8_999], parallel.table.columns[1][8_999]]).toEqual([9_000, 8_999 / 8, Number((8_999 * 0.37).toPrecision(17))]);
    const broken = tempFile(text.replace(/"ok run"\n"7002"/, '"ok run\n"7002"'));
    expect(await compare(broken, { select: pick('t', 'y') }, 3)).toEqual({ error: `${broken}:7002:4: a quoted cell that does not end on its line; close its '"' (a cell of a whitespace-separated file cannot span lines)` });
  });

  it("pandas' 0,1 over unnamed columns is the header on threads too (with its index, and without)", async () => {
    for (const index of [true, false]) {
      let text = index ? ',0,1\n' : '0,1\n';
      for (let i = 0; i < 9_000; i++) text += `${index ? `${i},` : ''}${(2 * i).toFixed(1)},${Math.sin(i)}\n`;
      const parallel = await compare(tempFile(text), { select: (_names, width) => [width - 2, width - 1] }, 3);
      expect(partsOf(parallel)).toBe(4);
      expect('table' in parallel && [parallel.table.hasHeader, parallel.table.n, parallel.table.columns[0][8_999]]).toEqual([true, 9_000, 17_998]);
    }
  });

  it('with --skip-invalid, skips the same rows and names the first one skipped in file order', async () => {
    const text = bigCsv(9_000, (i) => (i % 2_500 === 1_999 ? `${i},x${i}` : `${i},${i / 3}`));
    const path = tempFile(text);
    const parallel = await compare(path, { select: pick('x', 'y'), skipInvalid: true }, 3);
    expect('table' in parallel && [parallel.table.skipped, parallel.table.firstSkipped]).toEqual([3, `${path}:2001:2: expected a number in column 2 (y), found "x1999"`]);
  });

  it('reports a NUL byte in a later part at its line', async () => {
    const text = bigCsv(9_000, (i) => (i === 8_000 ? '1,\u00002' : `${i},${i / 3}`));
    const path = tempFile(text);
    const parallel = await compare(path, { select: pick('x', 'y') }, 2);
    expect(parallel).toEqual({ error: `${path} does not look like a text file (NUL byte at line 8002)` });
  });

  it('moves the parts into exact columns when a part has more rows than its share of bytes suggested', async () => {
    // Long rows (a wide unselected text column) first, short rows after.
    const text = bigCsv(12_000, (i) => (i < 6_000 ? `${i},${i / 3},${'label '.repeat(30)}` : `${i},${i % 10}`));
    const path = tempFile(text);
    const parallel = await compare(path, { select: pick('1', '2') }, 3);
    expect(partsOf(parallel)).toBe(3);
    expect('table' in parallel && parallel.table.n).toBe(12_000);
  });
});

describe('a worker practising on made-up rows while it waits for the layout', () => {
  it('stops when told (checked between rounds), else when its time is up', () => {
    let asked = 0;
    warmUpParsing(() => ++asked > 3, 60_000);
    expect(asked).toBe(4);
    const started = performance.now();
    warmUpParsing(() => false, 30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('a worker the launcher started early (bin/gradfit, src/launch.ts)', () => {
  const KEY = Symbol.for('gradfit.launch');
  const launch = globalThis as unknown as Record<symbol, { freeCores?: number; worker?: Worker | null; workerScript?: string | null } | undefined>;

  async function withEarly(script: string, test: (l: NonNullable<(typeof launch)[symbol]>) => Promise<void>): Promise<void> {
    const worker = new Worker(workerScript, { workerData: { early: true }, stdout: false, stderr: false });
    worker.unref();
    const l = { freeCores: 2, worker, workerScript: script };
    launch[KEY] = l;
    try {
      await test(l);
    } finally {
      delete launch[KEY];
      await worker.terminate();
    }
  }

  it('is taken for the first part-parsing thread, parses parts, and the columns are those of one thread', async () => {
    const path = tempFile(bigCsv(20_000));
    const single = await readWith(1, { kind: 'file', path }, { select: pick('x', 'y') });
    await withEarly(workerScript, async (l) => {
      const parallel = await readWith(2, { kind: 'file', path }, { select: pick('x', 'y') });
      expect(l.worker).toBeNull();
      expectSame(parallel, single);
      expect(partsOf(parallel)).toBe(3);
    });
  });

  it('is left alone when it runs another script, and then keeps nothing from working', async () => {
    const path = tempFile(bigCsv(9_000));
    const single = await readWith(1, { kind: 'file', path }, { select: pick('x', 'y') });
    await withEarly(join(workerDir, 'other.cjs'), async (l) => {
      const worker = l.worker;
      const parallel = await readWith(2, { kind: 'file', path }, { select: pick('x', 'y') });
      expect(l.worker).toBe(worker);
      expectSame(parallel, single);
    });
  });
});

describe('what goes back to one thread, with the same result', () => {
  it('a quote in a later part: csv-parse reads from that line, as on one thread', async () => {
    const text = bigCsv(9_000, (i) => (i === 6_000 ? '"6000",2000' : `${i},${i / 3}`));
    const path = tempFile(text);
    const parallel = await compare(path, { select: pick('x', 'y') }, 3);
    expect(partsOf(parallel)).toBe(1);
    expect('table' in parallel && [parallel.table.reader, parallel.table.handoverLine]).toEqual(['fast+csv-parse', 6002]);
  });

  it('a quote in the first part', async () => {
    const text = bigCsv(9_000, (i) => (i === 10 ? '"10",3' : `${i},${i / 3}`));
    const parallel = await compare(tempFile(text), { select: pick('x', 'y') }, 3);
    expect(partsOf(parallel)).toBe(1);
  });

  it('a header that the first part does not reach (comment lines first)', async () => {
    const text = '# a long preamble\n'.repeat(20_000) + bigCsv(3_000);
    const parallel = await compare(tempFile(text), { select: pick('x', 'y') }, 2);
    expect(partsOf(parallel)).toBe(1);
  });

  it('text columns (fit --group, --where with strings): codes are given in order of first appearance', async () => {
    const text = bigCsv(9_000, (i) => `${i},${i / 3},g${(i * 7919) % 13}`).replace('x,y', 'x,y,g');
    const path = tempFile(text);
    const options = (): ReadOptions => {
      const groups = learningList();
      return { select: pick('x', 'y', 'g'), textColumns: () => new Map([[2, groups]]) };
    };
    const single = await readWith(1, { kind: 'file', path }, options());
    const parallel = await readWith(3, { kind: 'file', path }, options());
    expectSame(parallel, single);
    expect(partsOf(parallel)).toBe(1);
  });

  it('a worker that cannot start: the main thread parses every part itself', async () => {
    const text = bigCsv(9_000);
    const path = tempFile(text);
    const single = await readWith(1, { kind: 'file', path }, { select: pick('x', 'y') });
    const parallel = await readWith(3, { kind: 'file', path }, { select: pick('x', 'y') }, join(workerDir, 'missing.cjs'));
    expectSame(parallel, single);
  });

  it('a worker that never takes a part: the main thread parses every part itself', async () => {
    const idle = join(workerDir, 'idle-worker.cjs');
    writeFileSync(idle, "require('node:worker_threads').parentPort.once('message', () => undefined);\n");
    const path = tempFile(bigCsv(9_000));
    const single = await readWith(1, { kind: 'file', path }, { select: pick('x', 'y') });
    const parallel = await readWith(3, { kind: 'file', path }, { select: pick('x', 'y') }, idle);
    expectSame(parallel, single);
    expect(partsOf(parallel)).toBe(4);
  });

  it('a worker that fails after taking a part: one thread reads on from the end of the first part (or the main thread had taken every part first)', async () => {
    const failing = join(workerDir, 'failing-worker.cjs');
    writeFileSync(failing, "require('node:worker_threads').parentPort.once('message', (l) => { Atomics.add(new Int32Array(l.next), 0, 1); throw new Error('boom'); });\n");
    const path = tempFile(bigCsv(9_000));
    const single = await readWith(1, { kind: 'file', path }, { select: pick('x', 'y') });
    const parallel = await readWith(2, { kind: 'file', path }, { select: pick('x', 'y') }, failing);
    expectSame(parallel, single);
  });

  it('stdin is never split', async () => {
    const { Readable } = await import('node:stream');
    const text = bigCsv(9_000);
    const parallel = await readWith(3, { kind: 'stdin', stream: Readable.from([Buffer.from(text)]) }, { select: pick('x', 'y') });
    expect(partsOf(parallel)).toBe(1);
  });
});

describe('the input as the provenance hash sees it', () => {
  const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

  for (const [what, text] of [
    ['split', bigCsv(20_000)],
    ['falling back at a quote in a later part', bigCsv(20_000, (i) => (i === 15_000 ? '"1",2' : `${i},${i}`))],
  ] as const) {
    it(`every byte once, in order (${what})`, async () => {
      const path = tempFile(text);
      const hash = createHash('sha256');
      let bytes = 0;
      const outcome = await readWith(2, { kind: 'file', path, onRead: (c) => (hash.update(c), (bytes += c.length)) }, { select: pick('x', 'y') });
      expect('table' in outcome).toBe(true);
      expect(bytes).toBe(Buffer.byteLength(text));
      expect(hash.digest('hex')).toBe(sha(readFileSync(path)));
    });
  }

  it('left to a worker when the reader may (onDigest): the whole file, taken after the parts are read', async () => {
    const text = bigCsv(20_000);
    const path = tempFile(text);
    let wait: (() => Promise<FileDigest | null>) | null = null;
    const saved = { ...process.env };
    Object.assign(process.env, { GRADFIT_INTERNAL_PARSE_THREADS: '2', GRADFIT_INTERNAL_PARSE_MIN_BYTES: '1', GRADFIT_INTERNAL_WORKER: workerScript });
    try {
      const table = await readTable({ kind: 'file', path, onRead: () => undefined, onDigest: (w) => (wait = w) }, { select: pick('x', 'y') });
      expect(table.parts).toBeGreaterThan(1);
      expect(wait).not.toBeNull();
      expect(await wait!()).toEqual({ sha256: sha(readFileSync(path)), bytes: Buffer.byteLength(text) });
    } finally {
      await Promise.all(takeWorkers().map((w) => w.worker.terminate()));
      process.env = saved;
    }
  });

  it('not left to a worker when the file goes back to one thread: every byte to onRead', async () => {
    const text = bigCsv(20_000, (i) => (i === 15_000 ? '"1",2' : `${i},${i}`));
    const path = tempFile(text);
    const hash = createHash('sha256');
    let asked = false;
    const outcome = await readWith(2, { kind: 'file', path, onRead: (c) => hash.update(c), onDigest: () => (asked = true) }, { select: pick('x', 'y') });
    expect('table' in outcome).toBe(true);
    expect(asked).toBe(false);
    expect(hash.digest('hex')).toBe(sha(readFileSync(path)));
  });
});
