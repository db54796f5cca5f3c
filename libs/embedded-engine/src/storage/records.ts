import { FlatSettings } from '../indices/settings';
import { AliasMetadata } from '../indices/index-store';

/**
 * What the write-ahead log holds: every change to the engine's state, in the order it was applied.
 * Replaying the records from an empty engine rebuilds the same state; a snapshot is written as the records
 * that recreate the state at one point.
 */
export type WalRecord =
  | {
      op: 'create_index';
      index: string;
      uuid: string;
      creationDate: number;
      settings: FlatSettings;
      /** The mappings as GET /_mapping shows them. */
      mappings: Record<string, unknown>;
      aliases: Record<string, AliasMetadata>;
      /** In snapshots: the highest sequence number used so far, deletes included, so numbers are never reused. */
      maxSeqNo?: number;
    }
  | { op: 'delete_index'; index: string }
  | { op: 'put_mapping'; index: string; mappings: Record<string, unknown> }
  /** The index's whole alias set after a change. */
  | { op: 'set_aliases'; index: string; aliases: Record<string, AliasMetadata> }
  | { op: 'put_index_template'; name: string; template: Record<string, unknown> }
  | { op: 'delete_index_template'; name: string }
  | { op: 'put_component_template'; name: string; template: Record<string, unknown> }
  | { op: 'delete_component_template'; name: string }
  | {
      op: 'index';
      index: string;
      id: string;
      version: number;
      seqNo: number;
      primaryTerm: number;
      source: string;
    }
  | { op: 'delete'; index: string; id: string; version: number; seqNo: number; primaryTerm: number }
  | { op: 'put_script'; id: string; script: { lang: string; source: string } }
  | { op: 'delete_script'; id: string };

/** Where the engine's changes go: a data directory, or nowhere (in memory). */
export interface ChangeLog {
  /** Resolves once the records are durable (fsync'd); the engine acknowledges a write only after that. */
  append(records: WalRecord[]): Promise<void>;
  close(): Promise<void>;
}

export const IN_MEMORY: ChangeLog = {
  append: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
