// Request body limits: small by default, larger only where the payload needs it.
export const DEFAULT_BODY_LIMIT = 256 * 1024;
/** 5 000 encounters of ~200 bytes plus keys and attendance. */
export const BATCH_BODY_LIMIT = 4 * 1024 * 1024;
/** A 14-day data_trace.txt of a busy phone (68 bytes a line) plus keys. */
export const F0_BODY_LIMIT = 16 * 1024 * 1024;
