// The pure-JavaScript engine (engine: 'js'): the Core contract of layout.ts implemented over a plain
// ArrayBuffer that plays the WebAssembly core's linear memory, so the chunk driver (driver.ts) runs
// it unchanged, with the same records, values (bit for bit), errors, error log and policies as
// assembly/index.ts. Used where WebAssembly is missing or blocked, and as a peer users can compare
// with the wasm engine on their own data.
//
// Two lanes (see parseChunk): fastRecords takes runs of plain records in one tight loop; every other
// record goes through the general path, a step-for-step port of the wasm record loop. Any change to
// assembly/index.ts's behaviour must be made here too: test/engines.test.ts compares the two.
//
// Speed notes (V8):
// - Typed-array views over the buffer live in fields, re-created only when reserve() replaces the
//   buffer, and are copied into locals at the top of each loop: no view allocation per call or row.
//   Every scratch area is 64-byte aligned, so a value's index is (ptr >> log2(size)) + row.
// - Memory only ever changes inside reserve(), which the driver calls between parseChunk calls.
// - Numbers accumulate in doubles, exact below 2^53; past that js-number.ts works on uint32 halves
//   (Eisel-Lemire for floats, two halves for 64-bit integers). No BigInt per value.

import {
  type Core, T_SKIP, TYPE_CODE, DESC_SIZE, D_TYPE, D_NULLABLE, D_VALUES, D_VALIDITY, D_STR_DATA, D_STR_BASE, D_STR_POS, D_STR_END, D_PARAM, D_NULLS,
  T_TIMESTAMP_US, T_TIMESTAMP_NS, S_DICT_FULL, E_INVALID_VALUE, E_TOO_MANY_CATEGORIES,
  R_CONSUMED, R_ROWS, R_LINES, R_SKIPPED, R_LOG_COUNT, R_LOG_DROPPED, R_ERR_CODE, R_ERR_COL, R_ERR_POS, R_ERR_LINES,
  R_ERR_TEXT_START, R_ERR_TEXT_END, R_ERR_ESCAPED, R_ERR_FIELDS,
  S_DONE, S_ROWS_FULL, S_ERROR, S_LOG_FULL, S_STR_FULL,
  E_INVALID_NUMBER, E_OUT_OF_RANGE, E_EMPTY_VALUE, E_FIELD_COUNT, E_UNTERMINATED_QUOTE, E_INVALID_QUOTE, E_INVALID_UTF8, E_RECORD_TOO_LARGE,
  C_TRIM, C_CHECK_UTF8, C_MODE_SHIFT, M_STOP, M_SKIP, M_NULL,
  LOG_ENTRY_SIZE, L_CODE, L_COL, L_POS, L_LINES, L_TEXT_START, L_TEXT_END, L_ESCAPED, L_FIELDS, L_RECORD, L_ACTION,
} from './layout.js';
import {
  POW10, TWO53, parseFloatBytes, decimalValue, parseIntBytes, numberOk, intNegative, intDigits, smallDigits, wideDigits, wideHigh, wideLow,
} from './js-number.js';
import { isValidUtf8 } from './js-utf8.js';
import { parseBool } from './js-bool.js';
import { parseTemporal, msValue, usValue, nsValue, tDays, isoFast, fastMs, outsideIso } from './js-temporal.js';
import { categoryCode, rollbackCategory, beginRecord, CAT_FULL, categoryNeeded } from './js-category.js';

/** Callback answers kept per record; the same as assembly/index.ts. */
const PENDING_CAPACITY = 256;

const T_I8 = TYPE_CODE.i8;
const T_I16 = TYPE_CODE.i16;
const T_I32 = TYPE_CODE.i32;
const T_U8 = TYPE_CODE.u8;
const T_U16 = TYPE_CODE.u16;
const T_U32 = TYPE_CODE.u32;
const T_I64 = TYPE_CODE.i64;
const T_U64 = TYPE_CODE.u64;
const T_F32 = TYPE_CODE.f32;
const T_F64 = TYPE_CODE.f64;
const T_STRING = TYPE_CODE.string;
const T_BOOL = TYPE_CODE.bool;
const T_DATE = TYPE_CODE.date;
const T_TIMESTAMP = TYPE_CODE.timestamp;
const T_CATEGORY = TYPE_CODE.category;

const LF = 10;
const CR = 13;

/** Where the heap starts: pointer 0 stays unused (the driver and the core treat 0 as "none"). */
const HEAP_START = 64;
/** Grow in 64 KiB steps, like wasm pages. */
const PAGE = 65536;
/**
 * Largest memory. The driver reads pointers back from Int32Array result words, so they must stay
 * below 2^31 (the wasm core's 4 GiB memory never gets that far under the driver's limits either).
 */
const MAX_MEMORY = 0x7fff_0000;

/** log2 of the value size per type code (strings: their i32 end offsets), for scratch addressing. */
const SHIFT = new Uint8Array([0, 0, 1, 2, 0, 1, 2, 3, 3, 2, 3, 2, 0, 2, 3, 3, 3, 2]);

// Outcome of one field in the general path.
const V_OK = 0;
const V_EMPTY = 1;
const V_INVALID = 2;
const V_RANGE = 3;

// What handleError decided.
const A_STOP = 0;
const A_SKIP = 1;
const A_NULL = 2;
const A_LOG_FULL = 3;

// How a record ended.
const O_ROW = 0; // complete: count it
const O_NEED_MORE = 1; // runs past the window: leave it for the next call
const O_SKIPPED = 2; // dropped by the skip policy; p is after it
const O_STOP = 3; // S_ERROR, S_LOG_FULL or S_STR_FULL: return at the record's start

// scanField results.
const F_OK = 0;
const F_NEED_MORE = 1;
const F_UNTERMINATED = 2;
const F_BAD_QUOTE = 3;

const TWO32 = 4294967296;

// Byte-in-word tests (fastRecords): every byte 0x01, every byte's high bit, LF and CR in every byte.
const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;
const LF_WORD = 0x0a0a0a0a;
const CR_WORD = 0x0d0d0d0d;

// Descriptor fields as i32 word offsets from a column's first descriptor word.
const W_TYPE = D_TYPE >> 2;
const W_NULLABLE = D_NULLABLE >> 2;
const W_VALUES = D_VALUES >> 2;
const W_VALIDITY = D_VALIDITY >> 2;
const W_STR_DATA = D_STR_DATA >> 2;
const W_STR_BASE = D_STR_BASE >> 2;
const W_STR_POS = D_STR_POS >> 2;
const W_STR_END = D_STR_END >> 2;
const W_PARAM = D_PARAM >> 2;
const W_NULLS = D_NULLS >> 2;
const DESC_WORDS = DESC_SIZE >> 2;

export class JsCore implements Core {
  private mem: ArrayBuffer;
  private u8!: Uint8Array;
  private u16!: Uint16Array;
  private i32!: Int32Array;
  private f32!: Float32Array;
  private f64!: Float64Array;
  /** Unaligned 4-byte loads and stores for the string scan (little-endian, like the bytes). */
  private dv!: DataView;

  private columnCount = 0;
  /** Descriptor table and result block as Int32Array word indexes. */
  private descWords = 0;
  private resultWords = 0;
  private delimiter = 44;
  private quote = 34;
  private trim = false;
  private checkUtf8 = false;
  private errorMode = M_STOP;
  /** onError callback answers for the current record's errors, in order (see assembly/index.ts). */
  private readonly pendingActions: number[] = [];
  private pendingUsed = 0;
  /** logCount when the current record started, and errors a record too big for the log dropped. */
  private recordLogStart = 0;
  private logDropped = 0;
  /** Longest record accepted, line end excluded (configureLimits). */
  private maxRecordBytes = 0x7fffffff;
  private logWords = 0;
  private logCapacity = 0;
  private logCount = 0;

  // What scanField found (see assembly/field.ts).
  /** The value's bytes: inside the quotes for a quoted field. */
  private contentStart = 0;
  private contentEnd = 0;
  /** The byte that ends the field: delimiter, LF, the CR of CRLF, a final CR, or the window end. */
  private fieldEnd = 0;
  /** LF bytes inside the field (only quoted fields have any). */
  private fieldLines = 0;
  private fieldQuoted = false;
  /** The content holds "" pairs that stand for one quote each. */
  private fieldEscaped = false;
  /** LF bytes passed by the last skipRecord call. */
  private skipLines = 0;

  constructor() {
    this.mem = new ArrayBuffer(PAGE);
    this.views();
  }

  private views(): void {
    const b = this.mem;
    this.u8 = new Uint8Array(b);
    this.u16 = new Uint16Array(b);
    this.i32 = new Int32Array(b);
    this.f32 = new Float32Array(b);
    this.f64 = new Float64Array(b);
    this.dv = new DataView(b);
  }

  get buffer(): ArrayBuffer {
    return this.mem;
  }

  reserve(bytes: number): number {
    const needed = HEAP_START + bytes;
    if (needed > MAX_MEMORY) return 0;
    if (needed > this.mem.byteLength) {
      let next: ArrayBuffer;
      try {
        next = new ArrayBuffer(Math.ceil(needed / PAGE) * PAGE);
      } catch {
        return 0; // out of memory: the driver turns 0 into RECORD_TOO_LARGE
      }
      // Bytes survive growth, as in wasm memory: the driver's window is already filled.
      new Uint8Array(next).set(this.u8);
      this.mem = next;
      this.views();
    }
    return HEAP_START;
  }

  configure(columns: number, descriptors: number, results: number, delimiter: number, quote: number, flags: number): void {
    this.columnCount = columns;
    this.descWords = descriptors >> 2;
    this.resultWords = results >> 2;
    this.delimiter = delimiter;
    this.quote = quote;
    this.trim = (flags & C_TRIM) !== 0;
    this.checkUtf8 = (flags & C_CHECK_UTF8) !== 0;
    this.errorMode = (flags >> C_MODE_SHIFT) & 3;
  }

  configureLimits(maxRecordBytes: number): void {
    this.maxRecordBytes = maxRecordBytes;
  }

  configureLog(ptr: number, capacity: number): void {
    this.logWords = ptr >> 2;
    this.logCapacity = capacity;
  }

  setPendingAction(action: number): void {
    if (action === M_STOP) {
      this.pendingActions.length = 0;
      this.pendingUsed = 0;
    } else if (this.pendingActions.length < PENDING_CAPACITY) {
      this.pendingActions.push(action);
    } else {
      this.pendingActions[PENDING_CAPACITY - 1] = action;
    }
  }

  /**
   * Parses complete records from [start, end) until the window ends, maxRows records are written, or
   * a value is bad: the contract of assembly/index.ts parseChunk.
   *
   * Two lanes. The fast lane (fastRecords) takes runs of plain records - every field a plain number,
   * an empty nullable number or a string without surprises - and stops before the first record it
   * can't take whole. The general path below takes that record: it is the wasm core's record loop
   * step for step (field bounds first, then the value with the full grammar, errors and policies),
   * so everything unusual behaves exactly as there.
   */
  parseChunk(start: number, end: number, last: boolean, maxRows: number): number {
    end |= 0; // int32 from the start (see fastRecords)
    maxRows |= 0;
    const u8 = this.u8;
    const i32 = this.i32;
    const n = this.columnCount;
    const delim = this.delimiter;
    const dw = this.descWords;
    let p = start | 0;
    let rows = 0;
    let lines = 0;
    let skipped = 0;
    let status = S_DONE;
    this.logCount = 0;
    this.logDropped = 0;
    // Records to leave to the general path before trying the fast lane again: after the lane gives up
    // at once, it waits 1, 2, 4 ... 64 records, so input it can't take costs little extra.
    let laneWait = 0;
    let laneBackoff = 1;

    for (;;) {
      if (p >= end) break;
      if (rows >= maxRows) { status = S_ROWS_FULL; break; }
      // The lane doesn't measure records, so it only runs when no record here can be too long.
      if (laneWait === 0 && end - start <= this.maxRecordBytes) {
        const q = this.fastRecords(p, end, rows, maxRows);
        if (q === p) {
          laneWait = laneBackoff;
          if (laneBackoff < 64) laneBackoff <<= 1;
        } else {
          laneBackoff = 1;
          rows += this.laneRows;
          lines += this.laneLines;
          p = q;
          if (p >= end) break;
          if (rows >= maxRows) { status = S_ROWS_FULL; break; }
        }
      } else {
        laneWait--;
      }

      // Blank lines are skipped; they still count as lines.
      const first = u8[p];
      if (first === LF) { p++; lines++; continue; }
      if (first === CR) {
        if (p + 1 < end) {
          if (u8[p + 1] === LF) { p += 2; lines++; continue; }
        } else {
          if (!last) break;
          p++;
          continue;
        }
      }

      const recordStart = p;
      const recordLines = lines;
      const recordLog = this.logCount;
      const recordDropped = this.logDropped;
      this.recordLogStart = recordLog;
      this.pendingUsed = 0; // a record parsed again meets its answered errors again
      beginRecord();
      const record = rows + skipped;
      let col = 0;
      let outcome = O_ROW;
      for (;;) {
        const d = dw + col * DESC_WORDS;
        const type = i32[d + W_TYPE];

        // The field's bounds first, then its value.
        const fs = this.scanField(p, end, last);
        if (fs !== F_OK) {
          if (fs === F_NEED_MORE) { outcome = O_NEED_MORE; break; }
          const unterminated = fs === F_UNTERMINATED;
          const a = unterminated
            ? this.handleError(E_UNTERMINATED_QUOTE, col, p, lines, this.contentStart, end, false, 0, record, false)
            : this.handleError(E_INVALID_QUOTE, col, p, lines, p, this.fieldEnd + 1, false, 0, record, false);
          if (a === A_STOP || a === A_LOG_FULL) { status = a === A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
          // Skip: an unclosed quote swallows the rest of the input; a bad one costs its record.
          if (unterminated) { p = end; outcome = O_SKIPPED; break; }
          const after = this.skipRecord(this.fieldEnd, end, last, false);
          if (after === 0) { outcome = O_NEED_MORE; break; }
          lines += this.fieldLines + this.skipLines;
          p = after;
          outcome = O_SKIPPED;
          break;
        }
        const t = this.fieldEnd; // the byte that ends this field
        const contentStart = this.contentStart;
        const contentEnd = this.contentEnd;
        const escaped = this.fieldEscaped;
        let bad = 0; // error code of a bad value
        if (type === T_STRING) {
          if (this.checkUtf8 && !isValidUtf8(u8, contentStart, contentEnd)) bad = E_INVALID_UTF8;
          else if (i32[d + W_STR_POS] + (contentEnd - contentStart) > i32[d + W_STR_END]) {
            // Wide schemas get small per-column scratch: a value that might not fit ends the call here.
            i32[this.resultWords + (R_ERR_COL >> 2)] = col;
            status = S_STR_FULL;
            outcome = O_STOP;
            break;
          } else this.storeString(d, rows, contentStart, contentEnd, this.fieldQuoted, escaped);
        } else if (type === T_CATEGORY) {
          // Like a string: only an unquoted empty field is a null; values are never trimmed.
          if (this.checkUtf8 && !isValidUtf8(u8, contentStart, contentEnd)) {
            bad = E_INVALID_UTF8;
          } else {
            const values = (i32[d + W_VALUES] >> 2) + rows;
            if (i32[d + W_NULLABLE] !== 0 && !this.fieldQuoted && contentStart === contentEnd) {
              i32[values] = 0;
              this.writeNull(d, rows);
            } else {
              const code = categoryCode(u8, i32, i32[d + W_PARAM] >> 2, contentStart, contentEnd, escaped, this.quote);
              if (code >= 0) {
                i32[values] = code;
              } else if (code === CAT_FULL) {
                // The driver grows the dictionary and calls again from this record.
                i32[this.resultWords + (R_ERR_COL >> 2)] = col;
                i32[this.resultWords + (R_ERR_FIELDS >> 2)] = categoryNeeded;
                status = S_DICT_FULL;
                outcome = O_STOP;
                break;
              } else {
                bad = E_TOO_MANY_CATEGORIES;
              }
            }
          }
        } else if (type !== T_SKIP) {
          const vp = i32[d + W_VALUES];
          const r = escaped ? V_INVALID : this.parseBounded(type, contentStart, contentEnd, vp, rows, this.trim && !this.fieldQuoted, i32[d + W_PARAM]);
          // A valid value leaves its validity byte at 1.
          if (r === V_EMPTY && i32[d + W_NULLABLE] !== 0) {
            this.storeNull(type, vp, rows);
            this.writeNull(d, rows);
          } else if (r !== V_OK) {
            bad = r === V_EMPTY ? E_EMPTY_VALUE : r === V_RANGE ? E_OUT_OF_RANGE : type >= T_BOOL ? E_INVALID_VALUE : E_INVALID_NUMBER;
          }
        }
        if (bad !== 0) {
          const a = this.handleError(bad, col, p, lines, contentStart, contentEnd, escaped, 0, record, true);
          if (a === A_STOP || a === A_LOG_FULL) { status = a === A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
          if (a === A_NULL) {
            // The driver gives every column a validity scratch under the null policy.
            if (type === T_STRING) {
              // A null string: its end offset is where the previous one ended.
              i32[(i32[d + W_VALUES] >> 2) + rows] = i32[d + W_STR_BASE] + (i32[d + W_STR_POS] - i32[d + W_STR_DATA]);
            } else {
              this.storeNull(type, i32[d + W_VALUES], rows);
            }
            this.writeNull(d, rows);
          } else {
            const after = this.skipRecord(t, end, last, false);
            if (after === 0) { outcome = O_NEED_MORE; break; }
            lines += this.fieldLines + this.skipLines;
            p = after;
            outcome = O_SKIPPED;
            break;
          }
        }
        lines += this.fieldLines;

        // The byte at t ends the field: delimiter, LF, CR (of CRLF, or final), or the end of input.
        if (t >= end) {
          // Only reachable with last = true: the final record lacks a newline.
          if (col + 1 < n) {
            const a = this.handleError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, col + 1, record, false);
            if (a === A_STOP || a === A_LOG_FULL) { status = a === A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
            p = end;
            outcome = O_SKIPPED;
            break;
          }
          p = end;
          break;
        }
        const c = u8[t];
        if (c === delim) {
          if (col + 1 === n) {
            const a = this.handleError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, n + 1, record, false);
            if (a === A_STOP || a === A_LOG_FULL) { status = a === A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
            const after = this.skipRecord(t + 1, end, last, true);
            if (after === 0) { outcome = O_NEED_MORE; break; }
            lines += this.skipLines;
            p = after;
            outcome = O_SKIPPED;
            break;
          }
          p = t + 1;
          col++;
          continue;
        }
        if (c === LF) { p = t + 1; lines++; }
        else if (t + 1 < end) { p = t + 2; lines++; } // CRLF
        else p = t + 1; // a final CR
        if (col + 1 < n) {
          const a = this.handleError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, col + 1, record, false);
          if (a === A_STOP || a === A_LOG_FULL) { status = a === A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
          outcome = O_SKIPPED;
        }
        break;
      }
      if (outcome === O_ROW && p - recordStart > this.maxRecordBytes && this.recordTooLarge(recordStart, p, recordLines)) {
        status = S_ERROR;
        outcome = O_STOP;
      }
      if (outcome === O_ROW) { rows++; this.pendingActions.length = 0; continue; }
      // A dropped record may have written string bytes: go back to the end of the last kept row.
      if (outcome === O_SKIPPED) { skipped++; this.pendingActions.length = 0; this.dropRecord(rows); continue; }
      // O_NEED_MORE or O_STOP: report the state at the record's start.
      this.dropRecord(rows);
      p = recordStart;
      lines = recordLines;
      // The record will be parsed (and its errors logged) again by the next call.
      this.logCount = recordLog;
      this.logDropped = recordDropped;
      break;
    }
    const r = this.resultWords;
    i32[r + (R_CONSUMED >> 2)] = p;
    i32[r + (R_ROWS >> 2)] = rows;
    i32[r + (R_LINES >> 2)] = lines;
    i32[r + (R_SKIPPED >> 2)] = skipped;
    i32[r + (R_LOG_COUNT >> 2)] = this.logCount;
    i32[r + (R_LOG_DROPPED >> 2)] = this.logDropped;
    return status;
  }

  /** Records and LF bytes the last fastRecords call took. */
  private laneRows = 0;
  private laneLines = 0;

  /**
   * The fast lane: parses records from p for as long as each one is plain throughout, writing their
   * values at rows, rows + 1, ... (at most up to maxRows); returns where it stopped, with laneRows
   * and laneLines set. Plain fields: an unquoted number that is valid and in range (plain decimals
   * inline; exponents, long digit runs, nan/inf through laneFloat/storeDigits); an empty field in a
   * nullable numeric column; a string or skipped field, quoted or not; an unquoted bool, date,
   * timestamp or category value that is valid (or empty in a nullable column). Every record must
   * end in LF or CRLF inside the window. At anything else it stops before the record it is in, with that
   * record's string bytes taken back, and leaves it to the general path: so it never reports an
   * error, and needs to know about the window's end only as `q < end`.
   *
   * Tricks: the digit loops stop at the 0 sentinel at `end` (no bounds test per byte), test digits
   * as (byte - '0') >>> 0 <= 9 (one unsigned compare) and take two per iteration (V8 re-checks a
   * typed array after each loop back-edge); string fields are scanned and copied in the same pass
   * (each byte loaded once: ~25% off the request-log workload), four bytes at a time through a
   * DataView while a SWAR test finds no delimiter, quote or line end in them (~20% more); the
   * parameters and module constants are made int32 locals with `| 0` (TurboFan then keeps the loop
   * variables untagged: ~25%); a column's descriptor words are read from the descriptor table
   * itself, a load from the same cache lines every row.
   */
  private fastRecords(p: number, end: number, rows: number, maxRows: number): number {
    // `| 0` tells TurboFan these are int32 from the start; otherwise the loop variables that start
    // from them stay tagged, with a Smi check and untagging at every use (measured: ~25% slower).
    p |= 0;
    end |= 0;
    rows |= 0;
    maxRows |= 0;
    const u8 = this.u8;
    const i32 = this.i32;
    const f64 = this.f64;
    const f32 = this.f32;
    const n = this.columnCount | 0;
    const delim = this.delimiter | 0;
    const quote = this.quote | 0;
    const dw = this.descWords | 0;
    const checkUtf8 = this.checkUtf8;
    const pow10 = POW10;
    const two53 = +TWO53;
    // Module constants as int32 locals: V8 reloads a module binding at every use, and, not knowing it
    // is a small integer, checks and untags it each time (`| 0` makes these plain int32 values).
    const tF64 = T_F64 | 0, tF32 = T_F32 | 0, tI8 = T_I8 | 0, tU64 = T_U64 | 0, tI32 = T_I32 | 0;
    const tString = T_STRING | 0, tSkip = T_SKIP | 0;
    const wType = W_TYPE | 0, wValues = W_VALUES | 0, wValidity = W_VALIDITY | 0, wNullable = W_NULLABLE | 0, wNulls = W_NULLS | 0;
    const descWords = DESC_WORDS | 0, wStrData = W_STR_DATA | 0, wStrBase = W_STR_BASE | 0, wStrPos = W_STR_POS | 0, wStrEnd = W_STR_END | 0;
    const lf = LF | 0, cr = CR | 0;
    const dv = this.dv;
    // SWAR: a word w has a zero byte iff (w - 0x01010101) & ~w & 0x80808080 is nonzero, so byte b
    // occurs in v iff that holds for v ^ (b * 0x01010101). (Int32 arithmetic wraps as it should.)
    const ones = ONES | 0, highs = HIGHS | 0, lfWord = LF_WORD | 0, crWord = CR_WORD | 0;
    const delimWord = Math.imul(delim, ones), quoteWord = Math.imul(quote, ones);
    const firstRow = rows;
    const last = n - 1;
    let lines = 0;
    let strings = false; // a string column was written in the current record
    let categories = false; // a category dictionary got an entry in the current record
    let nulled = false; // a null was written in the current record
    const tCategory = T_CATEGORY | 0, tTimestamp = T_TIMESTAMP | 0, wParam = W_PARAM | 0;
    // isoFast's end is the field's end unless the delimiter or quote can occur in its text.
    const isoLane = outsideIso(delim) && outsideIso(quote);
    let isoEnd = 0, isoByte = 0;

    records: while (rows < maxRows) {
      let q = p;
      // A blank line is no record at all (and a lone CR is data): the general path's.
      const first = u8[q];
      if (first === lf || first === cr) break;
      let recordLines = 0;
      beginRecord(); // category entries this record adds are taken back if the lane gives it up
      for (let col = 0; col < n; col++) {
        const d = dw + col * descWords;
        const type = i32[d + wType];
        let c = 0; // the byte after the field
        if ((type - tF32) >>> 0 <= 1) { // f32 or f64 (codes 9 and 10), one unsigned compare
          // w < 2^53 is exact and so is 10^decimals (<= 22): one division rounds correctly (Clinger).
          const fieldStart = q;
          let negative = false;
          if (u8[q] === 0x2d) { negative = true; q++; }
          const digitsStart = q;
          let w = 0;
          let dg = u8[q] - 0x30;
          while (dg >>> 0 <= 9) {
            // Two digits per iteration: V8 re-checks the typed array after every loop back-edge.
            w = w * 10 + dg;
            dg = u8[++q] - 0x30;
            if (dg >>> 0 > 9) break;
            w = w * 10 + dg;
            dg = u8[++q] - 0x30;
          }
          const intEnd = q;
          let digits = q - digitsStart;
          let decimals = 0;
          if (dg === 0x2e - 0x30) {
            const fractionStart = ++q;
            dg = u8[q] - 0x30;
            while (dg >>> 0 <= 9) {
              w = w * 10 + dg;
              dg = u8[++q] - 0x30;
              if (dg >>> 0 > 9) break;
              w = w * 10 + dg;
              dg = u8[++q] - 0x30;
            }
            decimals = q - fractionStart;
            digits += decimals;
          }
          c = dg + 0x30;
          let v: number;
          let valid = 1;
          if (digits !== 0 && w < two53 && decimals <= 22 && (c | 0x20) !== 0x65) {
            v = w / pow10[decimals];
            if (negative) v = -v;
          } else if (q === digitsStart && !negative && (c === delim || c === lf || c === cr)) {
            // Empty: a null in a nullable column; EMPTY_VALUE is the general path's to report.
            if (i32[d + wNullable] === 0) break records;
            v = NaN;
            valid = 0;
          } else {
            // Exponents, long digit runs, nan/inf: out of line, so this loop stays small.
            v = this.laneFloat(fieldStart, digitsStart, intEnd, q, decimals, digits !== 0, end);
            if (this.laneFail) break records;
            q = this.laneEnd;
            c = u8[q];
          }
          if (type === tF64) f64[(i32[d + wValues] >> 3) + rows] = v;
          else f32[(i32[d + wValues] >> 2) + rows] = v; // rounds like Math.fround
          if (valid === 0) { u8[i32[d + wValidity] + rows] = 0; i32[d + wNulls] = 1; nulled = true; }
        } else if ((type - tI8) >>> 0 <= tU64 - tI8) { // i8 .. u64
          // At most 15 digits: an exact double, range-checked exactly.
          let negative = false;
          if (u8[q] === 0x2d) { negative = true; q++; }
          const digitsStart = q;
          let m = 0;
          let dg = u8[q] - 0x30;
          while (dg >>> 0 <= 9) {
            m = m * 10 + dg;
            dg = u8[++q] - 0x30;
            if (dg >>> 0 > 9) break;
            m = m * 10 + dg;
            dg = u8[++q] - 0x30;
          }
          const digits = q - digitsStart;
          if (digits !== 0) {
            if (digits > 15) {
              // 16+ digits: 64-bit columns take them exactly as two halves; the rest is out of range.
              if (!this.storeDigits(type, i32[d + wValues], rows, negative, digitsStart, q)) break records;
            } else if (type === tI32) {
              // The seed's type, inline; the rest share storeInteger.
              if (m > (negative ? 2147483648 : 2147483647)) break records;
              i32[(i32[d + wValues] >> 2) + rows] = negative ? -m : m;
            } else if (!this.storeInteger(type, i32[d + wValues], rows, negative, m)) {
              break records; // out of range: the general path reports it
            }
          } else {
            if (negative || i32[d + wNullable] === 0) break records;
            this.storeNull(type, i32[d + wValues], rows);
            u8[i32[d + wValidity] + rows] = 0;
            i32[d + wNulls] = 1;
            nulled = true;
          }
          c = dg + 0x30;
        } else {
          if (type === tString) {
            // Scan and copy in one pass: each byte is loaded once and stored straight to the
            // column's string scratch (which holds a whole window, so it always has room).
            let w = i32[d + wStrPos];
            const w0 = w;
            // Room for the rest of the window means room for this value; otherwise the general path
            // decides exactly (only wide schemas' small scratch gets here).
            if (i32[d + wStrEnd] - w < end - q) break records;
            let quoted = false;
            if (u8[q] === quote) {
              quoted = true;
              q++;
              for (;;) {
                // Four bytes at a time while none is a quote or LF (SWAR, see hasByte).
                while (q + 4 <= end) {
                  const v = dv.getInt32(q, true);
                  if (((v ^ quoteWord) - ones & ~(v ^ quoteWord) | (v ^ lfWord) - ones & ~(v ^ lfWord)) & highs) break;
                  dv.setInt32(w, v, true);
                  q += 4;
                  w += 4;
                }
                if (q >= end) break records;
                const k = u8[q];
                if (k === quote) {
                  if (u8[q + 1] !== quote) break; // q + 1 <= end: at worst the sentinel
                  u8[w++] = k; // "" stands for one quote
                  q += 2;
                  continue;
                }
                if (k === lf) recordLines++;
                u8[w++] = k;
                q++;
              }
              q++;
            } else {
              // Four bytes at a time while none is the delimiter, LF or CR.
              while (q + 4 <= end) {
                const v = dv.getInt32(q, true);
                if (((v ^ delimWord) - ones & ~(v ^ delimWord) | (v ^ lfWord) - ones & ~(v ^ lfWord) | (v ^ crWord) - ones & ~(v ^ crWord)) & highs) break;
                dv.setInt32(w, v, true);
                q += 4;
                w += 4;
              }
              while (q < end) {
                const k = u8[q];
                if (k === delim || k === lf || k === cr) break;
                u8[w++] = k;
                q++;
              }
            }
            // Quotes are ASCII, so the copy is valid UTF-8 exactly when the field is.
            if (checkUtf8 && !isValidUtf8(u8, w0, w)) break records;
            if (w === w0 && !quoted && i32[d + wNullable] !== 0) { u8[i32[d + wValidity] + rows] = 0; i32[d + wNulls] = 1; nulled = true; }
            i32[d + wStrPos] = w;
            i32[(i32[d + wValues] >> 2) + rows] = i32[d + wStrBase] + (w - i32[d + wStrData]);
            strings = true;
          } else if (type === tSkip) {
            // A column the schema doesn't name: only its bounds matter.
            if (u8[q] === quote) {
              q++;
              for (;;) {
                if (q >= end) break records;
                const k = u8[q];
                if (k === quote) {
                  if (u8[q + 1] !== quote) break;
                  q += 2;
                  continue;
                }
                if (k === lf) recordLines++;
                q++;
              }
              q++;
            } else {
              while (q < end) {
                const k = u8[q];
                if (k === delim || k === lf || k === cr) break;
                q++;
              }
            }
          } else if (type === tTimestamp && isoLane && i32[d + wParam] === 0
            && (isoEnd = isoFast(u8, q)) >= 0 && isoEnd < end && ((isoByte = u8[isoEnd]) === delim || isoByte === lf || isoByte === cr)) {
            // The usual ISO shape, read once: where it ends is the field's end (its text holds no
            // delimiter or quote, see isoLane), as in the wasm core; no scan for the end first.
            f64[(i32[d + wValues] >> 3) + rows] = fastMs;
            q = isoEnd;
            c = isoByte;
          } else {
            // bool, date, timestamp, category: an unquoted field's bounds, then the general path's own
            // value functions. Quotes, empty non-nullable fields, bad values, a full dictionary or
            // too many categories: the general path's (which reports the error).
            const s = q;
            if (u8[s] === quote) break records;
            while (q < end) {
              const k = u8[q];
              if (k === delim || k === lf || k === cr) break;
              q++;
            }
            if (q >= end) break records;
            const vp = i32[d + wValues];
            if (type === tCategory) {
              if (s === q && i32[d + wNullable] !== 0) {
                i32[(vp >> 2) + rows] = 0;
                u8[i32[d + wValidity] + rows] = 0;
                i32[d + wNulls] = 1;
                nulled = true;
              } else {
                if (checkUtf8 && !isValidUtf8(u8, s, q)) break records;
                const code = categoryCode(u8, i32, i32[d + wParam] >> 2, s, q, false, quote);
                if (code < 0) break records;
                categories = true;
                i32[(vp >> 2) + rows] = code;
              }
            } else if (type === tTimestamp && isoLane && i32[d + wParam] === 0 && isoFast(u8, s) === q) {
              f64[(vp >> 3) + rows] = fastMs;
            } else {
              const r = this.parseBounded(type, s, q, vp, rows, this.trim, i32[d + wParam]);
              if (r === V_EMPTY && i32[d + wNullable] !== 0) {
                this.storeNull(type, vp, rows);
                u8[i32[d + wValidity] + rows] = 0;
                i32[d + wNulls] = 1;
                nulled = true;
              } else if (r !== V_OK) {
                break records;
              }
            }
          }
          c = u8[q];
        }

        // c ends the field: the delimiter before every field but the last, LF or CRLF after the
        // last. A lone CR, the window's end and a wrong field count are the general path's.
        if (q >= end) break records;
        if (col !== last) {
          if (c !== delim) break records;
          q++;
        } else if (c === lf) {
          q++;
        } else if (c === cr && u8[q + 1] === lf) {
          q += 2;
        } else {
          break records;
        }
      }
      p = q;
      rows++;
      lines += recordLines + 1;
      strings = false;
      categories = false;
      nulled = false;
    }
    // Take back string bytes, category entries and nulls of the record the lane gave up on.
    if (strings) this.rewindStrings(rows);
    if (categories) this.dropCategories();
    if (nulled) this.restoreValidity(rows);
    this.laneRows = rows - firstRow;
    this.laneLines = lines;
    return p;
  }

  /** laneFloat's outcome: where the field ended, and whether the lane must give up the record. */
  private laneEnd = 0;
  private laneFail = false;

  /**
   * A float field the lane's plain path can't take: the digits are scanned up to q (integer digits
   * [digitsStart, intEnd), `decimals` fraction digits). An exponent is read here; then the value is
   * exact from those positions (js-number.ts decimalValue: Eisel-Lemire), or, for nan/inf and
   * friends, from the whole field by the full grammar. Sets laneFail when the field is not a number
   * (the general path will say why) and laneEnd to the byte after the field.
   */
  private laneFloat(fieldStart: number, digitsStart: number, intEnd: number, q: number, decimals: number, hasDigits: boolean, end: number): number {
    const u8 = this.u8;
    const delim = this.delimiter;
    this.laneFail = false;
    let c = u8[q];
    if (hasDigits) {
      let exp = 0;
      let expOk = true;
      if ((c | 0x20) === 0x65) {
        // [eE][+-]?digits (saturating: past a few hundred the value is 0 or Infinity anyway).
        let t = q + 1;
        let eneg = false;
        const sign = u8[t];
        if (sign === 0x2d) { eneg = true; t++; } else if (sign === 0x2b) t++;
        const expStart = t;
        let ed = u8[t] - 0x30;
        while (ed >>> 0 <= 9) { if (exp < 100_000_000) exp = exp * 10 + ed; ed = u8[++t] - 0x30; }
        if (t !== expStart) {
          q = t;
          c = ed + 0x30;
          if (eneg) exp = -exp;
        } else {
          expOk = false;
        }
      }
      if (expOk && q < end && (c === delim || c === LF || c === CR)) {
        this.laneEnd = q;
        const v = decimalValue(u8, q, digitsStart, intEnd, decimals, exp);
        return digitsStart !== fieldStart ? -v : v; // a sign before the digits can only be '-'
      }
    }
    while (q < end) {
      const k = u8[q];
      if (k === delim || k === LF || k === CR) break;
      q++;
    }
    this.laneEnd = q;
    if (q === fieldStart) { this.laneFail = true; return 0; }
    const v = parseFloatBytes(u8, fieldStart, q);
    if (!numberOk) this.laneFail = true;
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /** Stores sign+magnitude (m < 10^15, exact) as `type`; false when outside the type's range. */
  private storeInteger(type: number, vp: number, row: number, negative: boolean, m: number): boolean {
    // Typed-array stores wrap modulo 2^bits, so one unsigned or signed view per width serves both.
    switch (type) {
      case T_I32:
        if (m > (negative ? 2147483648 : 2147483647)) return false;
        this.i32[(vp >> 2) + row] = negative ? -m : m;
        return true;
      case T_I8:
        if (m > (negative ? 0x80 : 0x7f)) return false;
        this.u8[vp + row] = negative ? -m : m;
        return true;
      case T_I16:
        if (m > (negative ? 0x8000 : 0x7fff)) return false;
        this.u16[(vp >> 1) + row] = negative ? -m : m;
        return true;
      case T_I64: {
        // |v| < 2^53: the low word is v modulo 2^32 (what >>> 0 computes, negatives included), the
        // high word floor(v / 2^32) (an exact division by a power of two).
        const v = negative ? -m : m;
        const w = (vp >> 2) + (row << 1);
        this.i32[w] = v >>> 0;
        this.i32[w + 1] = Math.floor(v / TWO32);
        return true;
      }
      default:
        // Unsigned: "-0" is zero, any other negative is out of range.
        if (negative && m !== 0) return false;
        if (type === T_U8) {
          if (m > 0xff) return false;
          this.u8[vp + row] = m;
        } else if (type === T_U16) {
          if (m > 0xffff) return false;
          this.u16[(vp >> 1) + row] = m;
        } else if (type === T_U32) {
          if (m > 0xffffffff) return false;
          this.i32[(vp >> 2) + row] = m;
        } else {
          const w = (vp >> 2) + (row << 1);
          this.i32[w] = m >>> 0;
          this.i32[w + 1] = Math.floor(m / TWO32);
        }
        return true;
    }
  }

  /**
   * Stores the integer whose decimal digits are [s, e) (leading zeros allowed) as `type`; false when
   * it is outside the type's range. Up to 15 digits are an exact double; 16-20 significant digits
   * (64-bit columns only) become two uint32 halves; anything longer is out of every range.
   */
  private storeDigits(type: number, vp: number, row: number, negative: boolean, s: number, e: number): boolean {
    const u8 = this.u8;
    while (s < e - 1 && u8[s] === 0x30) s++;
    if (e - s <= 15) return this.storeInteger(type, vp, row, negative, smallDigits(u8, s, e));
    if ((type !== T_I64 && type !== T_U64) || !wideDigits(u8, s, e)) return false;
    const hi = wideHigh(), lo = wideLow(); // 16+ significant digits: never zero
    if (type === T_U64) {
      if (negative || hi > 0xffffffff) return false;
    } else if (negative ? hi > 0x80000000 || (hi === 0x80000000 && lo !== 0) : hi > 0x7fffffff) {
      return false;
    }
    const w = (vp >> 2) + (row << 1);
    if (negative) {
      // Two's complement of hi:lo; Int32Array stores wrap modulo 2^32.
      this.i32[w] = -lo;
      this.i32[w + 1] = lo === 0 ? -hi : ~hi;
    } else {
      this.i32[w] = lo;
      this.i32[w + 1] = hi;
    }
    return true;
  }

  /** Parses exactly [s, e) as a value of `type` into row `row` of the scratch at vp. */
  private parseBounded(type: number, s: number, e: number, vp: number, row: number, trimmable: boolean, param: number): number {
    const u8 = this.u8;
    if (trimmable) {
      while (s < e && (u8[s] === 0x20 || u8[s] === 0x09)) s++;
      while (e > s && (u8[e - 1] === 0x20 || u8[e - 1] === 0x09)) e--;
    }
    if (s === e) return V_EMPTY;
    if (type >= T_BOOL) {
      if (type === T_BOOL) {
        const b = parseBool(u8, s, e, param);
        if (b < 0) return V_INVALID;
        u8[vp + row] = b;
        return V_OK;
      }
      if (!parseTemporal(u8, s, e, param, type !== T_DATE)) return V_INVALID;
      if (type === T_DATE) this.i32[(vp >> 2) + row] = tDays;
      else if (type === T_TIMESTAMP) this.f64[(vp >> 3) + row] = msValue();
      else if (type === T_TIMESTAMP_US) this.dv.setBigInt64(vp + row * 8, usValue(), true);
      else {
        const ns = nsValue();
        if (ns === undefined) return V_RANGE;
        this.dv.setBigInt64(vp + row * 8, ns, true);
      }
      return V_OK;
    }
    if (type === T_F64 || type === T_F32) {
      const v = parseFloatBytes(u8, s, e);
      if (!numberOk) return V_INVALID;
      if (type === T_F64) this.f64[(vp >> 3) + row] = v;
      else this.f32[(vp >> 2) + row] = v;
      return V_OK;
    }
    parseIntBytes(u8, s, e);
    if (!numberOk) return V_INVALID;
    return this.storeDigits(type, vp, row, intNegative, intDigits, e) ? V_OK : V_RANGE;
  }

  /** Writes the null representation: NaN for floats, zero for integers. */
  private storeNull(type: number, vp: number, row: number): void {
    if (type === T_F64 || type === T_TIMESTAMP) this.f64[(vp >> 3) + row] = NaN;
    else if (type === T_F32) this.f32[(vp >> 2) + row] = NaN;
    else {
      const shift = SHIFT[type];
      if (shift === 3) {
        const w = (vp >> 2) + (row << 1);
        this.i32[w] = 0;
        this.i32[w + 1] = 0;
      } else if (shift === 2) this.i32[(vp >> 2) + row] = 0;
      else if (shift === 1) this.u16[(vp >> 1) + row] = 0;
      else this.u8[vp + row] = 0;
    }
  }

  /** Appends the field content [s, e) to the string column at descriptor word d, as row `row`. */
  private storeString(d: number, row: number, s: number, e: number, quoted: boolean, escaped: boolean): void {
    const u8 = this.u8;
    const i32 = this.i32;
    // Only an unquoted empty field is a null; "" is the empty string.
    if (s === e && !quoted && i32[d + W_NULLABLE] !== 0) this.writeNull(d, row);
    let w = i32[d + W_STR_POS];
    if (escaped) {
      // Each "" stands for one quote: copy a byte, and step over the second quote of a pair.
      const quote = this.quote;
      while (s < e) {
        const c = u8[s];
        u8[w++] = c;
        s += c === quote ? 2 : 1;
      }
    } else if (e - s < 32) {
      // Short values: a plain loop beats copyWithin's call overhead.
      while (s < e) u8[w++] = u8[s++];
    } else {
      u8.copyWithin(w, s, e);
      w += e - s;
    }
    i32[d + W_STR_POS] = w;
    i32[(i32[d + W_VALUES] >> 2) + row] = i32[d + W_STR_BASE] + (w - i32[d + W_STR_DATA]); // offset base + bytes so far
  }

  /**
   * After a record the general path does not keep: string write pointers go back to the end of the
   * last kept row, and category dictionaries forget the values the record added. (The fast lane
   * does the same for the record it gives up on.)
   */
  private dropRecord(rows: number): void {
    this.dropCategories();
    this.rewindStrings(rows);
    this.restoreValidity(rows);
  }

  /**
   * Marks row `row` of the column at descriptor word d null. Validity scratch is all 1s when a call
   * starts (the driver resets what a call cleared, seen from D_NULLS), so valid values write nothing.
   */
  private writeNull(d: number, row: number): void {
    this.u8[this.i32[d + W_VALIDITY] + row] = 0;
    this.i32[d + W_NULLS] = 1;
  }

  /** The next record takes row `row`: undo any null a record given up on wrote there. */
  private restoreValidity(row: number): void {
    const i32 = this.i32;
    for (let col = 0; col < this.columnCount; col++) {
      const validity = i32[this.descWords + col * DESC_WORDS + W_VALIDITY];
      if (validity !== 0) this.u8[validity + row] = 1;
    }
  }

  /** The current record is not kept: category dictionaries forget the values it added. */
  private dropCategories(): void {
    const i32 = this.i32;
    for (let col = 0; col < this.columnCount; col++) {
      const d = this.descWords + col * DESC_WORDS;
      if (i32[d + W_TYPE] === T_CATEGORY) rollbackCategory(this.u8, i32, i32[d + W_PARAM] >> 2);
    }
  }

  /** After a skipped record: string write pointers go back to the end of the last kept row. */
  private rewindStrings(rows: number): void {
    const i32 = this.i32;
    for (let col = 0; col < this.columnCount; col++) {
      const d = this.descWords + col * DESC_WORDS;
      if (i32[d + W_TYPE] !== T_STRING) continue;
      const base = i32[d + W_STR_BASE];
      const lastEnd = rows > 0 ? i32[(i32[d + W_VALUES] >> 2) + rows - 1] : base;
      i32[d + W_STR_POS] = i32[d + W_STR_DATA] + (lastEnd - base);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Structure

  /**
   * Finds the field starting at p (assembly/field.ts scanField). With last = false, a field that
   * touches the window end is F_NEED_MORE: more input might extend it (a digit, a "" pair, the LF of
   * a CRLF).
   */
  private scanField(p: number, end: number, last: boolean): number {
    const u8 = this.u8;
    const quote = this.quote;
    const delimiter = this.delimiter;
    this.fieldLines = 0;
    this.fieldEscaped = false;
    if (p < end && u8[p] === quote) {
      this.fieldQuoted = true;
      let q = p + 1;
      this.contentStart = q;
      let lines = 0;
      for (;;) {
        if (q >= end) return last ? F_UNTERMINATED : F_NEED_MORE;
        const c = u8[q];
        if (c === quote) {
          if (q + 1 >= end) {
            if (!last) return F_NEED_MORE; // can't tell a closing quote from half of ""
            this.contentEnd = q;
            q++;
            break;
          }
          if (u8[q + 1] === quote) { this.fieldEscaped = true; q += 2; continue; }
          this.contentEnd = q;
          q++;
          break;
        }
        if (c === LF) lines++;
        q++;
      }
      this.fieldLines = lines;
      this.fieldEnd = q;
      if (q >= end) return last ? F_OK : F_NEED_MORE;
      const c = u8[q];
      if (c === delimiter || c === LF) return F_OK;
      if (c === CR) {
        if (q + 1 < end) return u8[q + 1] === LF ? F_OK : F_BAD_QUOTE;
        return last ? F_OK : F_NEED_MORE;
      }
      return F_BAD_QUOTE;
    }
    this.fieldQuoted = false;
    this.contentStart = p;
    let q = p;
    while (q < end) {
      const c = u8[q];
      if (c === delimiter || c === LF) break;
      if (c === CR) {
        // Only CRLF (or a CR that ends the input) ends a record; a lone CR is data.
        if (q + 1 < end) { if (u8[q + 1] === LF) break; }
        else if (last) break;
        else return F_NEED_MORE;
      }
      q++;
    }
    if (q >= end && !last) return F_NEED_MORE;
    this.contentEnd = q;
    this.fieldEnd = q;
    return F_OK;
  }

  /**
   * The position after the end of the record that q is inside of, for the skip policy; 0 when the
   * window ends first (and more input may follow). Quotes open a quoted field only at a field start
   * (atFieldStart says whether q is one); a malformed quote is data here, so one bad quote costs one
   * record, not the rest of the file.
   */
  private skipRecord(q: number, end: number, last: boolean, atFieldStart: boolean): number {
    const u8 = this.u8;
    const quote = this.quote;
    const delimiter = this.delimiter;
    let lines = 0;
    let fieldStart = atFieldStart;
    for (;;) {
      if (q >= end) { this.skipLines = lines; return last ? end : 0; }
      const c = u8[q];
      if (fieldStart && c === quote) {
        q++;
        for (;;) {
          if (q >= end) { this.skipLines = lines; return last ? end : 0; }
          const k = u8[q];
          if (k === quote) {
            if (q + 1 >= end && !last) return 0;
            if (q + 1 < end && u8[q + 1] === quote) { q += 2; continue; }
            q++;
            break;
          }
          if (k === LF) lines++;
          q++;
        }
        fieldStart = false;
        continue;
      }
      if (c === delimiter) { fieldStart = true; q++; continue; }
      if (c === LF) { this.skipLines = lines + 1; return q + 1; }
      if (c === CR) {
        if (q + 1 < end) { if (u8[q + 1] === LF) { this.skipLines = lines + 1; return q + 2; } }
        else if (last) { this.skipLines = lines; return end; }
        else return 0;
      }
      fieldStart = false;
      q++;
    }
  }

  private setError(code: number, col: number, pos: number, lines: number, textStart: number, textEnd: number, escaped: boolean, fields: number): void {
    const i32 = this.i32;
    const r = this.resultWords;
    i32[r + (R_ERR_CODE >> 2)] = code;
    i32[r + (R_ERR_COL >> 2)] = col;
    i32[r + (R_ERR_POS >> 2)] = pos;
    i32[r + (R_ERR_LINES >> 2)] = lines;
    i32[r + (R_ERR_TEXT_START >> 2)] = textStart;
    i32[r + (R_ERR_TEXT_END >> 2)] = textEnd;
    i32[r + (R_ERR_ESCAPED >> 2)] = escaped ? 1 : 0;
    i32[r + (R_ERR_FIELDS >> 2)] = fields;
  }

  /** True (and the error set) when [start, after) minus its line end is longer than maxRecordBytes. */
  private recordTooLarge(start: number, after: number, lines: number): boolean {
    const u8 = this.u8;
    let e = after;
    if (e > start && u8[e - 1] === LF) e--;
    if (e > start && u8[e - 1] === CR) e--;
    if (e - start <= this.maxRecordBytes) return false;
    this.setError(E_RECORD_TOO_LARGE, -1, start, lines, start, e, false, e - start);
    return true;
  }

  /**
   * An error at `pos`. In M_STOP mode with no pending action it fills R_ERR_* and answers A_STOP.
   * Otherwise it logs the error and answers what to do: A_NULL only for a value error (`fieldLevel`),
   * A_SKIP for the rest; A_LOG_FULL when there is no room to log it.
   */
  private handleError(code: number, col: number, pos: number, lines: number, textStart: number, textEnd: number, escaped: boolean, fields: number, record: number, fieldLevel: boolean): number {
    const i32 = this.i32;
    let mode = this.errorMode;
    if (mode === M_STOP) {
      const pending = this.pendingActions;
      if (this.pendingUsed < pending.length) {
        // Answered already (the driver noted it when it asked): apply, don't log.
        mode = pending[this.pendingUsed++];
        return mode === M_NULL && fieldLevel ? A_NULL : A_SKIP;
      }
      if (pending.length < PENDING_CAPACITY) {
        this.setError(code, col, pos, lines, textStart, textEnd, escaped, fields);
        return A_STOP;
      }
      // Past PENDING_CAPACITY answers in one record the last one stands for the rest of its errors,
      // which are counted, not kept: as the log does for a record that alone fills it.
      mode = pending[PENDING_CAPACITY - 1];
      this.logDropped++;
      return mode === M_NULL && fieldLevel ? A_NULL : A_SKIP;
    }
    if (this.logCount >= this.logCapacity) {
      // Records before this one can be drained first; a record that alone fills the log is counted.
      if (this.recordLogStart > 0) return A_LOG_FULL;
      this.logDropped++;
      return mode === M_NULL && fieldLevel ? A_NULL : A_SKIP;
    }
    const action = mode === M_NULL && fieldLevel ? A_NULL : A_SKIP;
    const e = this.logWords + ((this.logCount * LOG_ENTRY_SIZE) >> 2);
    i32[e + (L_CODE >> 2)] = code;
    i32[e + (L_COL >> 2)] = col;
    i32[e + (L_POS >> 2)] = pos;
    i32[e + (L_LINES >> 2)] = lines;
    i32[e + (L_TEXT_START >> 2)] = textStart;
    i32[e + (L_TEXT_END >> 2)] = textEnd;
    i32[e + (L_ESCAPED >> 2)] = escaped ? 1 : 0;
    i32[e + (L_FIELDS >> 2)] = fields;
    i32[e + (L_RECORD >> 2)] = record;
    i32[e + (L_ACTION >> 2)] = action === A_NULL ? M_NULL : M_SKIP;
    this.logCount++;
    return action;
  }

  get memoryBytes(): number {
    return this.mem.byteLength;
  }
}

const pool: JsCore[] = [];
const POOL_SIZE = 4;
/** An instance whose memory grew past this (a huge record) is dropped instead of pooled. */
const POOL_MAX_MEMORY = 64 * 1024 * 1024;

export function acquireJsCore(): Core {
  return pool.pop() ?? new JsCore();
}

export function releaseJsCore(core: Core): void {
  if (core instanceof JsCore && pool.length < POOL_SIZE && core.memoryBytes <= POOL_MAX_MEMORY) pool.push(core);
}
