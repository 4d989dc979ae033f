export * from './money';
export * from './account.messages';
export * from './transfer.messages';
