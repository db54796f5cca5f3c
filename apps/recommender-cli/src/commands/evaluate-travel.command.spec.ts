import { CliFailure } from '../cli-context';
import { parseOverrides } from './evaluate-travel.command';

describe('evaluate travel --set', () => {
  it('reads name=value pairs of travel parameters, adding to earlier ones', () => {
    expect(
      parseOverrides('travel.mmr.lambda=0.8, travel.taste.quota=60', { 'travel.score.taste': 3 }),
    ).toEqual({
      'travel.score.taste': 3,
      'travel.mmr.lambda': 0.8,
      'travel.taste.quota': 60,
    });
  });

  it('refuses unknown parameters and values that are not numbers', () => {
    expect(() => parseOverrides('travel.nope.knob=1')).toThrow(CliFailure);
    expect(() => parseOverrides('travel.mmr.lambda=high')).toThrow(
      'travel.mmr.lambda needs a number, got high',
    );
  });
});
