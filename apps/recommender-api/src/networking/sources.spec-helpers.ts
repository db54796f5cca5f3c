import { Retrieved } from '@app/pipeline';
import { MemberCandidate, MemberRetrieval } from '@app/search';
import { DiscoveryContext } from './discovery-context';
import { MemberRetriever } from './member-retriever';

/** A retriever that records what a source asked for, and answers nothing. */
export class RecordingRetriever {
  readonly calls: { retrieval: MemberRetrieval; size: number }[] = [];

  async retrieve(
    _context: DiscoveryContext,
    retrieval: MemberRetrieval,
    size: number,
  ): Promise<Retrieved<MemberCandidate>[]> {
    this.calls.push({ retrieval, size });
    return [];
  }

  asRetriever(): MemberRetriever {
    return this as unknown as MemberRetriever;
  }
}

export const fetchOptions = (quota: number) => ({ quota, signal: new AbortController().signal });
