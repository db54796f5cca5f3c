import { ParameterOverrides, RankerDefinition, UnitKind } from './experiment-definition';

/** A unit placed in one experiment of a layer: the variant it gets, and what that variant changes. */
export interface VariantAssignment {
  readonly holdout: false;
  readonly experiment: string;
  /** The experiment file's version at the time, to be logged with the impression. */
  readonly version: number;
  readonly layer: string;
  readonly unit: UnitKind;
  readonly unitId: string;
  readonly variant: string;
  /** The variant's overrides; empty for an interleaved variant (its rankers carry theirs). */
  readonly parameters: ParameterOverrides;
  readonly script?: string;
  /**
   * Present for an interleaved variant: the feed ranks twice and serves `teamDraftInterleave` of the two. Each ranker's
   * parameters go on top of `mergedParameters` of the request, so a ranker should name every knob it compares.
   */
  readonly interleave?: { readonly A: RankerDefinition; readonly B: RankerDefinition };
}

/** A unit in a layer's holdout: no experiment of that layer applies, the feed uses the defaults for it. */
export interface HoldoutAssignment {
  readonly holdout: true;
  readonly layer: string;
  readonly unit: UnitKind;
  readonly unitId: string;
}

/** Where a subject stands in one layer; discriminated by `holdout`. */
export type ExperimentAssignment = VariantAssignment | HoldoutAssignment;

/** The overrides of every plain variant assigned, in one object; holdouts and interleaved variants add nothing. */
export function mergedParameters(assignments: readonly ExperimentAssignment[]): ParameterOverrides {
  const merged: Record<string, number> = {};
  const owner: Record<string, string> = {};
  for (const a of assignments) {
    if (a.holdout || a.interleave) continue;
    for (const [knob, value] of Object.entries(a.parameters)) {
      // The catalog rejects two layers of one scenario touching a knob, so this is a caller mixing catalogs.
      if (knob in owner) {
        throw new Error(`experiments '${owner[knob]}' and '${a.experiment}' both override ${knob}`);
      }
      owner[knob] = a.experiment;
      merged[knob] = value;
    }
  }
  return Object.freeze(merged);
}

/** A compact label for responses and logs: `<experiment>:<variant>`, or `<layer>:holdout`. */
export function describeAssignment(assignment: ExperimentAssignment): string {
  return assignment.holdout
    ? `${assignment.layer}:holdout`
    : `${assignment.experiment}:${assignment.variant}`;
}
