export * from './co-therapy.js';
export * from './common.js';
export * from './diary.js';
export * from './gad7.js';
export * from './isi.js';
export * from './phq9.js';
export * from './psqi.js';
export * from './scores.js';
