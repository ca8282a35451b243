import { makeWavetable, TABLE_SIZE } from '../../device/music/generative/wavetable.js';
const t = makeWavetable([1, 0.4, 0.2, 0.1]);
const N = 240, BLOCKS = 100000;
const L = new Float32Array(N), R = new Float32Array(N);
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
// A: current float-phase, 2 osc, env mul+step
function A() { let pa = 0, pb = 0.3; const ia = 3.7, ib = 3.71; let env = 0.5; const mul = 1, step = 0; const al=0.3, ar=0.1, bl=0.1, br=0.3;
  for (let b = 0; b < BLOCKS; b++) { for (let i = 0; i < N; i++) { const xa = pa | 0; const xb = pb | 0; const ta = t[xa]!; const tb = t[xb]!;
    const sa = env * (ta + (pa - xa) * (t[xa + 1]! - ta)); const sb = env * (tb + (pb - xb) * (t[xb + 1]! - tb));
    L[i] = L[i]! + al * sa + bl * sb; R[i] = R[i]! + ar * sa + br * sb; env = env * mul + step;
    pa += ia; if (pa >= TABLE_SIZE) pa -= TABLE_SIZE; pb += ib; if (pb >= TABLE_SIZE) pb -= TABLE_SIZE; } } return pa + pb; }
// B: integer phase (32-bit fixed point, 12 bits index, 20 bits fraction)
function B() { let pa = 0, pb = 12345; const ia = Math.round(3.7 * 2 ** 20), ib = Math.round(3.71 * 2 ** 20); let env = 0.5; const mul = 1, step = 0; const al=0.3, ar=0.1, bl=0.1, br=0.3; const F = 2 ** -20;
  for (let b = 0; b < BLOCKS; b++) { for (let i = 0; i < N; i++) { const xa = pa >>> 20; const xb = pb >>> 20; const ta = t[xa]!; const tb = t[xb]!;
    const sa = env * (ta + (pa & 0xfffff) * F * (t[xa + 1]! - ta)); const sb = env * (tb + (pb & 0xfffff) * F * (t[xb + 1]! - tb));
    L[i] = L[i]! + al * sa + bl * sb; R[i] = R[i]! + ar * sa + br * sb; env = env * mul + step;
    pa = (pa + ia) >>> 0; pb = (pb + ib) >>> 0; } } return pa + pb; }
// C: float phase, mono mix per voice into two buses (osc A → L, osc B → R): 2 accumulations
function C() { let pa = 0, pb = 0.3; const ia = 3.7, ib = 3.71; let env = 0.5; const mul = 1, step = 0; const al=0.3, br=0.3;
  for (let b = 0; b < BLOCKS; b++) { for (let i = 0; i < N; i++) { const xa = pa | 0; const xb = pb | 0; const ta = t[xa]!; const tb = t[xb]!;
    L[i] = L[i]! + al * env * (ta + (pa - xa) * (t[xa + 1]! - ta)); R[i] = R[i]! + br * env * (tb + (pb - xb) * (t[xb + 1]! - tb)); env = env * mul + step;
    pa += ia; if (pa >= TABLE_SIZE) pa -= TABLE_SIZE; pb += ib; if (pb >= TABLE_SIZE) pb -= TABLE_SIZE; } } return pa + pb; }
for (const [name, f] of [['A', A], ['B', B], ['C', C], ['A', A], ['B', B], ['C', C]] as const) { const c0 = cpu(); f(); const ms = cpu() - c0; console.log(name, (ms * 1e6 / (N * BLOCKS)).toFixed(2), 'ns per bus sample'); }
