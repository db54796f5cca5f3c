import { ParameterError } from './errors';
import { ParameterRegistry, parameter } from './parameters';

const lambda = parameter({
  name: 'discovery.mmr.lambda',
  default: 0.7,
  min: 0,
  max: 1,
  description: 'Relevance versus diversity in MMR; 0.7 from the offline sweep.',
});
const cap = parameter({
  name: 'discovery.exposure.dailyCap',
  default: 200,
  min: 10,
  max: 1000,
  integer: true,
  description: 'Impressions per candidate per day before the feed stops showing them.',
});
const registry = new ParameterRegistry([lambda, cap]);

function problems(run: () => unknown): { parameter: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ParameterError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ParameterError');
}

describe('ParameterRegistry.resolve', () => {
  it('gives the defaults, typed by name and frozen', () => {
    const values = registry.resolve();
    const mmr: number = values['discovery.mmr.lambda'];
    expect(mmr).toBe(0.7);
    expect(values).toEqual({ 'discovery.mmr.lambda': 0.7, 'discovery.exposure.dailyCap': 200 });
    expect(Object.isFrozen(values)).toBe(true);
    // @ts-expect-error: an unknown name is a compile error.
    expect(values['discovery.mmr.lamda']).toBeUndefined();
  });

  it('applies overrides within bounds, bounds included, without touching the defaults', () => {
    const values = registry.resolve({ 'discovery.mmr.lambda': 1, 'discovery.exposure.dailyCap': 10 });
    expect(values).toEqual({ 'discovery.mmr.lambda': 1, 'discovery.exposure.dailyCap': 10 });
    expect(Object.isFrozen(values)).toBe(true);
    expect(registry.resolve()['discovery.mmr.lambda']).toBe(0.7);
  });

  it('refuses unknown and out-of-bounds overrides, naming each parameter', () => {
    expect(() => registry.resolve({ 'discovery.mmr.lambda': 1.5 })).toThrow(
      "parameter 'discovery.mmr.lambda' = 1.5 is out of its bounds [0, 1]",
    );
    expect(
      problems(() =>
        registry.resolve({
          'discovery.mmr.lamda': 0.5,
          'discovery.exposure.dailyCap': 12.5,
          'discovery.mmr.lambda': '0.5',
        }),
      ),
    ).toEqual([
      { parameter: 'discovery.mmr.lamda', message: 'is unknown' },
      { parameter: 'discovery.exposure.dailyCap', message: 'must be a whole number, got 12.5' },
      { parameter: 'discovery.mmr.lambda', message: 'must be a finite number, got "0.5"' },
    ]);
    expect(problems(() => registry.resolve({ 'discovery.exposure.dailyCap': 9 }))).toEqual([
      { parameter: 'discovery.exposure.dailyCap', message: '= 9 is out of its bounds [10, 1000]' },
    ]);
    expect(problems(() => registry.resolve({ 'discovery.mmr.lambda': Number.NaN }))[0].message).toBe(
      'must be a finite number, got NaN',
    );
  });
});

describe('parameter definitions', () => {
  const base = { default: 1, min: 0, max: 2, description: 'A knob.' };

  it('refuses a default outside its bounds, min above max, and fractional bounds of an integer', () => {
    expect(() => parameter({ ...base, name: 'travel.fresh.boost', default: 3 })).toThrow(
      "parameter 'travel.fresh.boost' has default 3 outside its bounds [0, 2]",
    );
    expect(() => parameter({ ...base, name: 'travel.fresh.boost', min: 3 })).toThrow('has min 3 above max 2');
    expect(() => parameter({ ...base, name: 'travel.fresh.quota', max: 2.5, integer: true })).toThrow(
      'is an integer parameter with a fractional default, min or max',
    );
    expect(() => parameter({ ...base, name: 'travel.fresh.boost', description: ' ' })).toThrow(
      'has no description',
    );
  });

  it('refuses names not shaped <scenario>.<stage>.<knob>', () => {
    for (const name of [
      'lambda',
      'travel.lambda',
      'Travel.mmr.lambda',
      'travel.mmr.lambda.x',
      'travel.mmr.',
    ]) {
      expect(() => parameter({ ...base, name })).toThrow('is not named <scenario>.<stage>.<knob>');
    }
  });

  it('refuses a name defined twice, also when registries are combined', () => {
    expect(() => new ParameterRegistry([lambda, lambda])).toThrow(
      "parameter 'discovery.mmr.lambda' is defined twice",
    );
    expect(() => registry.with(parameter({ ...base, name: 'discovery.mmr.lambda' }))).toThrow(
      'is defined twice',
    );
  });

  it('combines registries with `with`, keeping both typed', () => {
    const more = registry.with(parameter({ ...base, name: 'discovery.serendipity.share' }));
    const values = more.resolve({ 'discovery.serendipity.share': 2 });
    expect(values['discovery.serendipity.share']).toBe(2);
    expect(values['discovery.mmr.lambda']).toBe(0.7);
    expect(more.definitions.map((d) => d.name)).toEqual([
      'discovery.mmr.lambda',
      'discovery.exposure.dailyCap',
      'discovery.serendipity.share',
    ]);
    expect(more.has('discovery.serendipity.share')).toBe(true);
    expect(registry.has('discovery.serendipity.share')).toBe(false);
  });
});
