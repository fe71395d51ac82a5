export type { Account, MpServicesContext, RequestOptions } from './types';
export { MpServicesClient } from './client';
export { CancelledError } from './retry';
