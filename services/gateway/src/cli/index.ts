/** The operator commands `pnpm qihang` runs from this package: the first admin's API key and console account. */
export * from '../accounts/cli';
export * from './admin-key';
