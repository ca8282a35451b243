export * from './clock.js';
export * from './errors.js';
export * from './schemas/common.js';
export * from './schemas/info.js';
export * from './schemas/session-event.js';
export * from './schemas/state.js';
export * from './schemas/status.js';
export * from './topics.js';
