// Loads the embedded WebAssembly core: compiled once per process, one instance per running parse
// (instances are pooled, so 10,000 small parses don't build 10,000 memories).

import * as scalarBuild from '../../build/core-release.js';
import * as simdBuild from '../../build/core-simd.js';

/**
 * A minimal module whose one function uses the SIMD instructions the core's scanners do
 * (i8x16.splat, i8x16.eq, i8x16.bitmask): engines without 128-bit SIMD reject it.
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type section: () -> i32
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x10, 0x01, 0x0e, 0x00, // code section: one body of 14 bytes, no locals
  0x41, 0x00, 0xfd, 0x0f, // i32.const 0; i8x16.splat
  0x41, 0x00, 0xfd, 0x0f, // i32.const 0; i8x16.splat
  0xfd, 0x23, 0xfd, 0x64, // i8x16.eq; i8x16.bitmask
  0x0b, // end
]);

function simdSupported(): boolean {
  try {
    return typeof WebAssembly.validate === 'function' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

// The SIMD build scans field structure 16 bytes at a time; the scalar release build is the fallback.
const { wasmBase64, wasmBuild } = simdSupported() ? simdBuild : scalarBuild;

/**
 * Which core build this process loaded: 'simd' where the engine has WebAssembly SIMD, else
 * 'release'; the test suite's projects pin 'release', 'simd' or 'debug'.
 */
export const coreBuild: string = wasmBuild;
import type { Core } from './layout.js';

/**
 * AssemblyScript's abort(message, file, line, column): the debug build calls it when an assertion
 * fails. Strings are UTF-16 with their byte length in the 4 bytes before them.
 */
function abortHandler(memory: () => WebAssembly.Memory) {
  const text = (ptr: number): string => {
    if (!ptr) return '';
    const buffer = memory().buffer;
    const bytes = new Uint32Array(buffer, ptr - 4, 1)[0];
    return String.fromCharCode(...new Uint16Array(buffer, ptr, bytes >>> 1));
  };
  return (message: number, file: number, line: number, column: number): never => {
    throw new Error(`typed-csv core aborted: ${text(message)} at ${text(file)}:${line}:${column}`);
  };
}

interface CoreExports {
  memory: WebAssembly.Memory;
  reserve(bytes: number): number;
  heapStart(): number;
  configure(columns: number, descriptors: number, results: number, delimiter: number, quote: number, flags: number): void;
  configureLog(ptr: number, capacity: number): void;
  configureLimits(maxRecordBytes: number): void;
  setPendingAction(action: number): void;
  parseChunk(start: number, end: number, last: number, maxRows: number): number;
}

let compiled: WebAssembly.Module | undefined;
let compiling: Promise<void> | undefined;
/**
 * Why the module could not be compiled here. Kept apart: a synchronous compile can fail where an
 * asynchronous one succeeds (a browser's main thread refuses large synchronous compiles), so a
 * failed sync attempt must not stop init() from compiling; an async failure (a CSP without
 * 'wasm-unsafe-eval', a JIT-less runtime) is final.
 */
let syncCompileError: unknown;
let asyncCompileError: unknown;

/** WebAssembly exists in this environment (it doesn't in some locked-down or JIT-less runtimes). */
export function hasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly !== null && typeof WebAssembly.Module === 'function';
}

function wasmBytes(): Uint8Array {
  // atob exists in Node 16+ and every browser; Buffer would tie this file to Node.
  const binary = atob(wasmBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Compiles the core asynchronously (what browsers' main threads want). Idempotent. Where WebAssembly
 * is missing or refuses to compile it resolves all the same: engine 'auto' then uses the JS engine,
 * and only an explicit engine: 'wasm' reports the problem (when a parse asks for it).
 */
export function initCore(): Promise<void> {
  if (compiled || asyncCompileError !== undefined || !hasWebAssembly()) return Promise.resolve();
  compiling ??= WebAssembly.compile(wasmBytes() as BufferSource).then(
    (m) => { compiled = m; },
    (e: unknown) => { asyncCompileError = e; },
  );
  return compiling;
}

/** The compiled module, compiling it synchronously if init() has not; throws why it can't. */
function moduleSync(): WebAssembly.Module {
  if (compiled) return compiled;
  if (asyncCompileError !== undefined) throw asyncCompileError;
  if (syncCompileError !== undefined) throw syncCompileError;
  try {
    compiled = new WebAssembly.Module(wasmBytes() as BufferSource);
  } catch (e) {
    syncCompileError = e;
    throw e;
  }
  return compiled;
}

/**
 * True when the wasm core can run here: WebAssembly exists and the module is compiled, by init() or
 * by one synchronous attempt (remembered until init() succeeds).
 */
export function wasmUsable(): boolean {
  if (compiled) return true;
  if (!hasWebAssembly()) return false;
  try {
    moduleSync();
    return true;
  } catch {
    return false;
  }
}

/** The latin1 text of [p, p + len): number texts are ASCII by the time they reach this. */
function asciiText(memory: WebAssembly.Memory, p: number, len: number): string {
  const bytes = new Uint8Array(memory.buffer, p, len);
  let text = '';
  for (let i = 0; i < len; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

class WasmCore implements Core {
  private readonly exports: CoreExports;
  constructor() {
    let memory: WebAssembly.Memory | undefined;
    const imports = {
      env: {
        abort: abortHandler(() => memory!),
        // The exact slow path for floats with more than 19 significant digits that the fast paths
        // can't round: Number() on an already-validated number text is correctly rounded.
        parseFloatExact: (p: number, len: number): number => Number(asciiText(memory!, p, len)),
      },
    };
    // Our own few lines instead of @assemblyscript/loader: no runtime dependency, and no bare
    // import specifier that a browser without a bundler could not resolve.
    this.exports = new WebAssembly.Instance(moduleSync(), imports).exports as unknown as CoreExports;
    memory = this.exports.memory;
  }
  get buffer(): ArrayBuffer {
    return this.exports.memory.buffer;
  }
  reserve(bytes: number): number {
    return this.exports.reserve(bytes) >>> 0;
  }
  configure(columns: number, descriptors: number, results: number, delimiter: number, quote: number, flags: number): void {
    this.exports.configure(columns, descriptors, results, delimiter, quote, flags);
  }
  configureLog(ptr: number, capacity: number): void {
    this.exports.configureLog(ptr, capacity);
  }
  configureLimits(maxRecordBytes: number): void {
    this.exports.configureLimits(maxRecordBytes);
  }
  setPendingAction(action: number): void {
    this.exports.setPendingAction(action);
  }
  parseChunk(start: number, end: number, last: boolean, maxRows: number): number {
    return this.exports.parseChunk(start, end, last ? 1 : 0, maxRows);
  }
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }
}

const pool: WasmCore[] = [];
const POOL_SIZE = 4;
/** An instance whose memory grew past this (a huge record) is dropped instead of pooled. */
const POOL_MAX_MEMORY = 64 * 1024 * 1024;

export function acquireWasmCore(): Core {
  return pool.pop() ?? new WasmCore();
}

export function releaseWasmCore(core: Core): void {
  if (core instanceof WasmCore && pool.length < POOL_SIZE && core.memoryBytes <= POOL_MAX_MEMORY) pool.push(core);
}
