// The shape of a subcommand: its name, a one-line summary for the tool's help, its own help, and
// run(argv) → exit code. Output goes to stdout only when the command succeeds.
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}
