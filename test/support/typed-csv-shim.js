// What `import ... from 'typed-csv'` resolves to in the browser doc examples (through an import
// map): the package's entry point, plus parseInWorker until src/index.ts exports it itself (a
// local export wins over the star export, so this stays correct afterwards).
export * from '/dist/index.js';
export { parseInWorker, terminateWorkers } from '/dist/worker/client.js';
