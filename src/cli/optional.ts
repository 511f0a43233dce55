// Loading the CLI's optional peer dependencies (Arrow, Parquet): the library itself has none, so
// `npm install typed-csv` stays small; a conversion that needs one says what to install.
import { CliFailure, EXIT } from './commands/common.js';

export async function importOptional<T>(name: string, purpose: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliFailure(`${purpose} needs the optional package ${name}; install it next to typed-csv: npm install ${name}`, EXIT.usage);
    }
    throw err;
  }
}
