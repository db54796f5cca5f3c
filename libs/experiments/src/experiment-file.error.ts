/** One thing wrong with an experiment file: which file, where in its JSON (empty for the whole file), and what. */
export interface ExperimentFileProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** `<file>: <json path>: <message>`, or `<file>: <message>` for the file as a whole. */
export function formatProblem(problem: ExperimentFileProblem): string {
  return problem.path === ''
    ? `${problem.file}: ${problem.message}`
    : `${problem.file}: ${problem.path}: ${problem.message}`;
}

/**
 * The experiment files are invalid: every problem found across all of them, one per line, so a boot with a bad file
 * fails with a message that says what to fix.
 */
export class ExperimentFileError extends Error {
  constructor(readonly problems: readonly ExperimentFileProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the experiment files:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = new.target.name;
  }
}
