import { GeoLocation, Member } from '@app/catalog';
import { FeedPlace, MemberCandidate } from '@app/search';
import { distanceKm } from '../travel/travel-response';

/** A member the networking fallback may show, with everyone they are blocked with (either way) when last read. */
export interface FallbackMember {
  readonly member: MemberCandidate;
  readonly blockedWith: ReadonlySet<string>;
}

/**
 * What the networking fallback needs of a viewer it served before: where they are (distance buckets), their hard
 * preferences (checked both ways), and their blocks and connections as last read.
 */
export interface FallbackViewer extends Pick<
  Member,
  'id' | 'city' | 'location' | 'interests' | 'industries' | 'languages' | 'preferences'
> {
  readonly blocked: ReadonlySet<string>;
  readonly connected: ReadonlySet<string>;
}

export interface FeedFallbackLimits {
  /** Cities kept: the most recently asked about. */
  readonly maxCities: number;
  /** Places and members kept per city. */
  readonly itemsPerCity: number;
  /** Viewers remembered (id → city and location). */
  readonly maxViewers: number;
}

interface CityEntry {
  places: readonly FeedPlace[];
  members: readonly FallbackMember[];
}

/**
 * What the feeds serve while the engine is away, kept in memory per city: popular curated places (travel) and recently
 * active visible members (networking), refreshed from the engine by FeedFallbackRefresher while it is up. Bounded:
 * the cities most recently asked about, a fixed number of items each, a fixed number of remembered viewers.
 */
export class FeedFallbackStore {
  /** Insertion order is recency: the first entry is the least recently asked about. */
  private readonly cities = new Map<string, CityEntry>();
  private readonly viewers = new Map<string, FallbackViewer>();
  /** Blocks written through this instance, with when: kept until a members refresh started after them. */
  private readonly recentBlocks: { a: string; b: string; at: number }[] = [];

  constructor(
    readonly limits: FeedFallbackLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A feed asked about `city`: keep it (and refresh it), forgetting the least recently asked city past the bound. */
  noteCity(city: string): void {
    const entry = this.cities.get(city) ?? { places: [], members: [] };
    this.cities.delete(city);
    this.cities.set(city, entry);
    while (this.cities.size > this.limits.maxCities) {
      this.cities.delete(this.cities.keys().next().value as string);
    }
  }

  /** A viewer served by the engine: remembered so that a fallback page can bucket distances from them. */
  noteViewer(viewer: FallbackViewer): void {
    this.viewers.delete(viewer.id);
    this.viewers.set(viewer.id, viewer);
    while (this.viewers.size > this.limits.maxViewers) {
      this.viewers.delete(this.viewers.keys().next().value as string);
    }
    this.noteCity(viewer.city);
  }

  viewer(id: string): FallbackViewer | undefined {
    return this.viewers.get(id);
  }

  /** A block acknowledged through this instance: the fallback honours it before the next refresh reads it. */
  noteBlock(a: string, b: string): void {
    this.recentBlocks.push({ a, b, at: this.clock() });
  }

  /** The cities to refresh, the most recently asked first. */
  knownCities(): string[] {
    return [...this.cities.keys()].reverse();
  }

  /** Replaces a city's places (kept only while the city is). */
  putPlaces(city: string, places: readonly FeedPlace[]): void {
    const entry = this.cities.get(city);
    if (entry) entry.places = places.slice(0, this.limits.itemsPerCity);
  }

  /**
   * Replaces a city's members, read with their blocks from a refresh that started at `readSince` (epoch ms): the
   * blocks noted before it are in what was read, and are forgotten.
   */
  putMembers(city: string, members: readonly FallbackMember[], readSince: number): void {
    const entry = this.cities.get(city);
    if (entry) entry.members = members.slice(0, this.limits.itemsPerCity);
    this.forgetBlocksBefore(readSince);
  }

  sizes(): { cities: number; places: number; members: number } {
    let places = 0;
    let members = 0;
    for (const entry of this.cities.values()) {
      places += entry.places.length;
      members += entry.members.length;
    }
    return { cities: this.cities.size, places, members };
  }

  placesIn(city: string): readonly FeedPlace[] {
    return this.cities.get(city)?.places ?? [];
  }

  /** Places of every kept city within `radiusKm` of `origin`, the best rated first. */
  placesNear(origin: GeoLocation, radiusKm: number): FeedPlace[] {
    const out: FeedPlace[] = [];
    for (const entry of this.cities.values()) {
      for (const place of entry.places) if (distanceKm(origin, place.location) <= radiusKm) out.push(place);
    }
    return out.sort((x, y) => y.rating - x.rating || (x.id < y.id ? -1 : 1));
  }

  /**
   * Members of `city` a viewer may see: never the viewer, nobody blocked with them either way (as last read, or
   * noted since), nobody not visible, nobody in `excluded` (the viewer's blocks, connections, recent decisions).
   */
  membersFor(viewerId: string, city: string, excluded: ReadonlySet<string>): MemberCandidate[] {
    const blockedSince = new Set<string>();
    for (const block of this.recentBlocks) {
      if (block.a === viewerId) blockedSince.add(block.b);
      if (block.b === viewerId) blockedSince.add(block.a);
    }
    return (this.cities.get(city)?.members ?? [])
      .filter(
        ({ member, blockedWith }) =>
          member.id !== viewerId &&
          member.visibility === 'visible' &&
          !blockedWith.has(viewerId) &&
          !blockedSince.has(member.id) &&
          !excluded.has(member.id),
      )
      .map(({ member }) => member);
  }

  private forgetBlocksBefore(since: number): void {
    let kept = 0;
    for (const block of this.recentBlocks) if (block.at >= since) this.recentBlocks[kept++] = block;
    this.recentBlocks.length = kept;
  }
}
