import { IsIn, ValidateBy, ValidationArguments } from 'class-validator';
import { IsEntityId, IsTimestamp } from './field-rules';
import { MEMBER_EDGE_KINDS, MemberEdgeKind } from './vocabulary';

/**
 * A durable relationship between two members. A block is written by `a` about `b` and hides each from the other;
 * a connection is mutual and stored once per pair, `a` being the smaller id.
 */
export interface MemberEdge {
  kind: MemberEdgeKind;
  a: string;
  b: string;
  createdAt: string;
}

/** The edge's engine id: one per (kind, pair), so writing the same edge twice overwrites it (idempotent writes). */
export function memberEdgeId(kind: MemberEdgeKind, a: string, b: string): string {
  // A connection has no direction: both orders of the pair name the same edge.
  if (kind === 'connection' && b < a) return `connection:${b}:${a}`;
  return `${kind}:${a}:${b}`;
}

/** The edge as stored: a connection's ends in id order, so that both directions of a write give one document. */
export function normalizeMemberEdge(edge: MemberEdge): MemberEdge {
  if (edge.kind === 'connection' && edge.b < edge.a) return { ...edge, a: edge.b, b: edge.a };
  return { ...edge };
}

function IsOtherMember(): PropertyDecorator {
  return ValidateBy({
    name: 'isOtherMember',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        value !== (args?.object as Record<string, unknown> | undefined)?.a,
      defaultMessage: () => '$property must differ from a (a member has no edge to themselves)',
    },
  });
}

export class MemberEdgeDto implements MemberEdge {
  @IsIn(MEMBER_EDGE_KINDS)
  kind!: MemberEdgeKind;

  @IsEntityId()
  a!: string;

  @IsEntityId()
  @IsOtherMember()
  b!: string;

  @IsTimestamp()
  createdAt!: string;
}
