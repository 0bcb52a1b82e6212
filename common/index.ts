export * from './roles.ts';
export * from './api.ts';
export * from './pose.ts';
export * from './timeline.ts';
export * from './admin-api.ts';
export * from './qa.ts';
export * from './qa-feed.ts';
