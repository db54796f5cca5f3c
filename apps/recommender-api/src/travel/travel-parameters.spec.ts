import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { travelFilters } from './travel-filters';
import { TRAVEL_SPECIFIC_PARAMETERS, travelParameters } from './travel-parameters';
import { travelRerankers } from './travel-rerankers';

describe('travel parameters', () => {
  it('name every knob travel.<stage>.<knob>, each with a description', () => {
    for (const d of travelParameters.definitions) {
      expect(d.name).toMatch(/^travel\.[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/);
      expect(d.description.length).toBeGreaterThan(10);
    }
  });

  it('hold the knobs of every shared stage the pipeline uses', () => {
    const stages = [...travelFilters(), ...travelRerankers()] as {
      parameters?: readonly { name: string }[];
    }[];
    for (const stage of stages) {
      for (const d of stage.parameters ?? []) expect(travelParameters.has(d.name)).toBe(true);
    }
  });

  it('define every parameter the travel code reads, and read every one they define', () => {
    const dir = __dirname;
    const code = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.includes('.spec'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const read = new Set([...code.matchAll(/'(travel\.[a-zA-Z]+\.[a-zA-Z]+)'/g)].map((m) => m[1]));
    for (const name of read) expect(travelParameters.has(name)).toBe(true);
    for (const d of TRAVEL_SPECIFIC_PARAMETERS) expect(read).toContain(d.name);
  });

  it('resolve to the defaults, and refuse values out of bounds', () => {
    expect(travelParameters.resolve()['travel.score.taste']).toBe(4);
    expect(() => travelParameters.resolve({ 'travel.taste.quota': 1.5 })).toThrow('must be a whole number');
    expect(() => travelParameters.resolve({ 'travel.score.quality': 6 })).toThrow('out of its bounds');
  });
});
