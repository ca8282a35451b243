import { signal } from '@preact/signals';

/** The page's notion of now for "last heard": ticks every 5 s, read only by the few texts that need it. */
export const now = signal(Date.now());
setInterval(() => {
  now.value = Date.now();
}, 5000);
