import { MemberEdge, memberEdgeId, normalizeMemberEdge } from './member-edge.dto';

/**
 * An edge as the engine stores it (`_source` of `member_edges_v*`). `members` holds both ends so that one term
 * query finds every edge touching a member, whichever end they are: a block hides both ways.
 */
export type MemberEdgeDocument = MemberEdge & { members: [string, string] };

/** The engine id and document of an edge; the id is deterministic, so writes are idempotent. */
export function toMemberEdgeDocument(edge: MemberEdge): { id: string; document: MemberEdgeDocument } {
  const stored = normalizeMemberEdge(edge);
  return {
    id: memberEdgeId(stored.kind, stored.a, stored.b),
    document: {
      kind: stored.kind,
      a: stored.a,
      b: stored.b,
      createdAt: stored.createdAt,
      members: [stored.a, stored.b],
    },
  };
}

/** An edge read back from the engine (`_source`). */
export function fromMemberEdgeDocument(document: MemberEdgeDocument): MemberEdge {
  return { kind: document.kind, a: document.a, b: document.b, createdAt: document.createdAt };
}

/** The other end of an edge seen from one member, or undefined when the edge does not touch them. */
export function otherMember(edge: MemberEdge, memberId: string): string | undefined {
  if (edge.a === memberId) return edge.b;
  if (edge.b === memberId) return edge.a;
  return undefined;
}
