import { describe, expect, it } from 'vitest';
import { stitchEquity, walkForwardWindows } from './walk-forward.ts';

describe('walk-forward windows', () => {
  it('rolls fixed-length in-sample windows, each followed by its out-of-sample window', () => {
    const windows = walkForwardWindows(100, { inSample: 40, outOfSample: 20 });
    expect(windows).toEqual([
      { index: 0, isStart: 0, isEnd: 39, oosStart: 40, oosEnd: 59 },
      { index: 1, isStart: 20, isEnd: 59, oosStart: 60, oosEnd: 79 },
      { index: 2, isStart: 40, isEnd: 79, oosStart: 80, oosEnd: 99 },
    ]);
  });

  it('anchors every in-sample window at bar 0 when asked', () => {
    const windows = walkForwardWindows(100, { inSample: 40, outOfSample: 25, anchored: true });
    expect(windows.map((w) => [w.isStart, w.isEnd, w.oosStart, w.oosEnd])).toEqual([
      [0, 39, 40, 64],
      [0, 64, 65, 89],
      [0, 89, 90, 99],
    ]);
  });

  it('never lets an out-of-sample window overlap its in-sample one or another OOS window', () => {
    for (const anchored of [false, true]) {
      const windows = walkForwardWindows(1000, { inSample: 250, outOfSample: 63, anchored });
      windows.forEach((w, k) => {
        expect(w.isEnd).toBeLessThan(w.oosStart);
        expect(w.oosStart).toBe(w.isEnd + 1);
        if (k > 0) expect(w.oosStart).toBe(windows[k - 1].oosEnd + 1);
      });
      expect(windows[windows.length - 1].oosEnd).toBe(999);
    }
  });

  it('drops a last out-of-sample window shorter than 2 bars and needs data beyond IS', () => {
    expect(walkForwardWindows(41, { inSample: 40, outOfSample: 20 })).toEqual([]);
    expect(walkForwardWindows(42, { inSample: 40, outOfSample: 20 })).toHaveLength(1);
  });
});

describe('stitched out-of-sample equity', () => {
  it('chains window growth factors from the initial capital', () => {
    const stitched = stitchEquity(
      [
        { times: [1, 2, 3], equity: [500, 550, 600] }, // +20 %
        { times: [4, 5], equity: [1000, 900] }, // -10 %
      ],
      100,
    );
    expect(stitched.times).toEqual([1, 2, 3, 4, 5]);
    expect(stitched.values.map((v) => Number(v.toFixed(10)))).toEqual([100, 110, 120, 120, 108]);
  });
});
