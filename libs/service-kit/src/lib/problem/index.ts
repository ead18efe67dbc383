export * from './problem-details';
export * from './domain-error';
export * from './request-validation';
export * from './problem-for';
export * from './problem-details.filter';
