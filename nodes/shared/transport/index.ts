export type { Account, MpServicesContext, RequestOptions } from './client';
export { MpServicesClient } from './client';
export { CancelledError } from './retry';
