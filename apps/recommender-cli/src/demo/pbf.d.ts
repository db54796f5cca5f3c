/** pbf 3.3 ships no types: the part of its reader that geonames-cities.ts uses. */
declare module 'pbf' {
  class Pbf {
    constructor(buffer: Uint8Array);
    pos: number;
    length: number;
    /** Reads a length-prefixed message, calling `readField` for each field; fields it does not read are skipped. */
    readMessage<T>(readField: (tag: number, result: T, pbf: Pbf) => void, result: T): T;
    readVarint(): number;
    readSVarint(): number;
    readString(): string;
  }
  export = Pbf;
}
