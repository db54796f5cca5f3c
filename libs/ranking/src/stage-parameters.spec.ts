import { ParameterError } from '@app/pipeline';
import { StageParameters, paramsField } from './stage-parameters';

const knobs = {
  weight: { default: 0.5, min: 0, max: 1, description: 'A share.' },
  cap: { default: 3, min: 1, max: 10, integer: true, description: 'A count.' },
};

describe('StageParameters', () => {
  it('names each knob <scenario>.<stage>.<knob> and keeps default and bounds', () => {
    const p = new StageParameters('travel', 'demo', knobs);
    expect(p.definitions.map((d) => [d.name, d.default, d.min, d.max, d.integer])).toEqual([
      ['travel.demo.weight', 0.5, 0, 1, undefined],
      ['travel.demo.cap', 3, 1, 10, true],
    ]);
  });

  it('reads given values, falls back to defaults, clamps into bounds and rounds whole-number knobs', () => {
    const p = new StageParameters('travel', 'demo', knobs);
    expect(p.read(undefined)).toEqual({ weight: 0.5, cap: 3 });
    expect(p.read({ 'travel.demo.weight': 0.25, 'networking.demo.cap': 9 })).toEqual({
      weight: 0.25,
      cap: 3,
    });
    expect(p.read({ 'travel.demo.weight': -2, 'travel.demo.cap': 99 })).toEqual({ weight: 0, cap: 10 });
    expect(p.read({ 'travel.demo.weight': Number.NaN, 'travel.demo.cap': 2.6 })).toEqual({
      weight: 0.5,
      cap: 3,
    });
  });

  it('refuses a scenario that would make an invalid name', () => {
    expect(() => new StageParameters('Travel Feed', 'demo', knobs)).toThrow(ParameterError);
  });

  it("finds the values in the context's params field by default", () => {
    expect(paramsField({ params: { a: 1 } })).toEqual({ a: 1 });
    expect(paramsField({})).toBeUndefined();
    expect(paramsField(undefined)).toBeUndefined();
    expect(paramsField({ params: 3 })).toBeUndefined();
  });
});
