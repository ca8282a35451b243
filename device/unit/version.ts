import { PACKAGE_VERSION } from '../../shared/package-info.js';

/** What the unit reports as `firmware` in `info`. */
export const FIRMWARE_VERSION = `nocturne-${PACKAGE_VERSION}`;
