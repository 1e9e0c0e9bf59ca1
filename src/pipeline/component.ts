/** Every receiver, processor, exporter and extension has this lifecycle. */
export interface Component {
  start(): Promise<void>;
  /** Safe to call without start(), and more than once. */
  shutdown(): Promise<void>;
}
