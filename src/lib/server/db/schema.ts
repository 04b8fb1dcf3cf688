export * from './schema/sources';
export * from './schema/core';
export * from './schema/operations';
export * from './schema/finance';
export * from './schema/indicators';
export * from './schema/places';
export * from './schema/audit';
export * from './schema/opah';
