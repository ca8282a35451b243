import { describe, expect, it } from 'vitest';
import { ABSOLUTE_MAX_DBA, LevelMap } from '../../../device/music/calibration.js';

describe('LevelMap', () => {
  it('defaults to 0 dBFS ↔ 85 dB(A) and a 55 dB(A) cap, which is −30 dBFS (CLINICAL.md)', () => {
    const levels = new LevelMap();
    expect(levels.capDbfs).toBe(-30);
    expect(levels.toDbfs(45)).toBe(-40);
    expect(levels.toDba(-40)).toBe(45);
  });

  it('never lets a config raise the cap above 60 dB(A)', () => {
    const levels = new LevelMap({ capDba: 75, dbaAt0Dbfs: 80 });
    expect(levels.capDba).toBe(ABSOLUTE_MAX_DBA);
    expect(levels.capped(70)).toBe(60);
    expect(levels.capDbfs).toBe(-20);
  });
});
