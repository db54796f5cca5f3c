import { TopScoreHits } from './top-hits';

describe('TopScoreHits', () => {
  it('keeps the best hits, ties going to the lower shard then the lower doc', () => {
    const top = new TopScoreHits(3);
    const offered: [number, number, number][] = [
      [1, 0, 0],
      [3, 0, 1],
      [2, 0, 2],
      [3, 0, 3],
      [0.5, 0, 4],
      [3, 1, 0],
      [2, 1, 1],
    ];
    for (const [score, shard, doc] of offered) top.offer(score, shard, doc);
    expect(top.sorted()).toEqual([
      { score: 3, shard: 0, doc: 1 },
      { score: 3, shard: 0, doc: 3 },
      { score: 3, shard: 1, doc: 0 },
    ]);
  });

  it('matches a full sort on random scores', () => {
    let seed = 3;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const all: { score: number; shard: number; doc: number }[] = [];
    const top = new TopScoreHits(10);
    for (let doc = 0; doc < 500; doc++) {
      const score = Math.round(random() * 20) / 4;
      all.push({ score, shard: 0, doc });
      top.offer(score, 0, doc);
    }
    all.sort((a, b) => b.score - a.score || a.doc - b.doc);
    expect(top.sorted()).toEqual(all.slice(0, 10));
  });

  it('keeps nothing for size 0', () => {
    const top = new TopScoreHits(0);
    top.offer(1, 0, 0);
    expect(top.sorted()).toEqual([]);
  });
});
