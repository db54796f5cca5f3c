import { TopK } from './top-k';

describe('TopK', () => {
  it('keeps the k best, ties to the lower doc, and returns them by doc id', () => {
    const top = new TopK(3);
    const scores = [0.5, 0.9, 0.5, 0.1, 0.9, 0.5];
    scores.forEach((s, d) => top.offer(d, s));
    // best: 0.9 (docs 1, 4), then 0.5 → doc 0 (lowest of 0, 2, 5)
    expect(top.toDocOrder()).toEqual({
      docs: Int32Array.from([0, 1, 4]),
      scores: Float32Array.from([0.5, 0.9, 0.9]),
    });
  });

  it('resolves ties the same when docs arrive unordered', () => {
    const top = new TopK(2);
    [
      [5, 0.5],
      [2, 0.5],
      [9, 0.7],
      [1, 0.5],
    ].forEach(([d, s]) => top.offerUnordered(d, s));
    expect(Array.from(top.toDocOrder().docs)).toEqual([1, 9]);
  });

  it('holds fewer than k when fewer are offered', () => {
    const top = new TopK(10);
    top.offer(3, 1);
    expect(Array.from(top.toDocOrder().docs)).toEqual([3]);
  });
});
