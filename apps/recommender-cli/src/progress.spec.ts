import { PassThrough } from 'node:stream';
import { createProgress } from './progress';

function output(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('createProgress without a terminal', () => {
  it('writes a line every 10% and the time at the end', () => {
    const out = output();
    const progress = createProgress('places', 100, out.stream);
    for (let done = 0; done <= 100; done += 5) progress.update(done);
    progress.stop();
    const lines = out.text().trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['places: 0/100 (0%)', 'places: 10/100 (10%)', 'places: 20/100 (20%)']);
    expect(lines).toHaveLength(12);
    expect(lines[10]).toBe('places: 100/100 (100%)');
    expect(lines[11]).toMatch(/^places: done in \d+\.\d s$/);
  });

  it('follows a total that changes', () => {
    const out = output();
    const progress = createProgress('copy', 10, out.stream);
    progress.update(5, 20);
    progress.stop();
    expect(out.text()).toContain('copy: 5/20 (25%)');
  });
});
