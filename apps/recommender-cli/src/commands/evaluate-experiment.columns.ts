import { ExperimentDefinition, ParameterOverrides, RankerDefinition, isInterleaved } from '@app/experiments';
import { CliFailure } from '../cli-context';

/** One column of a side-by-side evaluation: a ranker of the experiment and the parameters it runs with. */
export interface EvaluationColumn {
  /** The variant's name; an interleaved variant gives two columns, `<variant> A` and `<variant> B`. */
  name: string;
  parameters: ParameterOverrides;
  /** The stored script of the first-pass ranking the column picks; the feed's own when absent. */
  script?: string;
}

/**
 * The columns to evaluate: every variant of the experiment in file order, or only those named (in the order named).
 * An interleaved variant serves a mix of two rankers online; offline each ranker is evaluated on its own.
 * @throws CliFailure naming an unknown variant and the experiment's variants
 */
export function experimentColumns(
  experiment: ExperimentDefinition,
  chosen: readonly string[] = [],
): EvaluationColumn[] {
  const unknown = chosen.filter((name) => !experiment.variants.some((v) => v.name === name));
  if (unknown.length > 0) {
    throw new CliFailure(
      `experiment ${experiment.name} has no variant ${unknown.map((n) => JSON.stringify(n)).join(', ')} ` +
        `(it has ${experiment.variants.map((v) => v.name).join(', ')})`,
      2,
    );
  }
  const variants =
    chosen.length === 0
      ? experiment.variants
      : [...new Set(chosen)].map((name) => experiment.variants.find((v) => v.name === name)!);
  return variants.flatMap((variant) =>
    isInterleaved(variant)
      ? [column(`${variant.name} A`, variant.interleave.A), column(`${variant.name} B`, variant.interleave.B)]
      : [column(variant.name, variant)],
  );
}

function column(name: string, ranker: RankerDefinition): EvaluationColumn {
  return {
    name,
    parameters: ranker.parameters,
    ...(ranker.script !== undefined && { script: ranker.script }),
  };
}
