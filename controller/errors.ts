/** The controller side's error catalogue: HTTP error bodies and ingest reject reasons use these. */
export const ControllerErrorCode = {
  NotFound: 'E_NOT_FOUND',
  BadRequest: 'E_BAD_REQUEST',
  DatabaseUrl: 'E_DATABASE_URL',
  PortInUse: 'E_PORT_IN_USE',
  Internal: 'E_INTERNAL',
  /** The store did not take a message or a change (the broker delivers the message again). */
  StoreFailed: 'E_STORE_FAILED',
  /** Commands and schedules cannot go out: the control publisher has stopped. */
  ControlUnavailable: 'E_CONTROL_UNAVAILABLE',
  /** `--item-text FILE` cannot be read, is not JSON, or names items that do not exist. */
  ItemTextFile: 'E_ITEM_TEXT_FILE',
  /** A schedule entry names a protocol version the library does not have. */
  UnknownProtocol: 'E_UNKNOWN_PROTOCOL',
  /** `--cluster` without PostgreSQL and an external broker, or every ingest slot taken. */
  Cluster: 'E_CLUSTER',
} as const;

/** Access and accounts (DESIGN.md "Controller: people, patients, access"). */
export const AuthErrorCode = {
  Unauthenticated: 'E_UNAUTHENTICATED',
  Forbidden: 'E_FORBIDDEN',
  Csrf: 'E_CSRF',
  /** Another person's patient answers as if it did not exist. */
  NotFound: 'E_NOT_FOUND',
  LoginFailed: 'E_LOGIN_FAILED',
  LoginRateLimited: 'E_LOGIN_RATE_LIMITED',
  /** A route registered without an access declaration: refused, never served open. */
  NoPolicy: 'E_NO_POLICY',
  /** The database has no admin yet: only the first-run page is served. */
  NoAdmin: 'E_NO_ADMIN',
  Conflict: 'E_CONFLICT',
  UsernameTaken: 'E_USERNAME_TAKEN',
} as const;

/** Why ingest rejected a message; counted per unit and reason. */
export const RejectReason = {
  /** Not under nocturne/v1/<unit>/, or the unit id is invalid. */
  BadTopic: 'bad_topic',
  /** A topic this version does not ingest. */
  UnknownTopic: 'unknown_topic',
  NotJson: 'not_json',
  /** Over MAX_PAYLOAD_BYTES: refused before parsing. */
  TooLarge: 'too_large',
  /** Valid JSON that fails the topic's schema. */
  Schema: 'schema',
  /** The payload's `unit` is not the unit in the topic. */
  UnitMismatch: 'unit_mismatch',
  /** The store refused it (logged with the error). */
  StoreFailed: 'store_failed',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];
