import type { LightPort } from '../ports/light/index.js';

/** The light as the program drives it: the light port's fade, and nothing else of it. */
export type ProgramLight = Pick<LightPort, 'setLevel'>;
