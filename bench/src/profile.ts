/** How long and how hard a bench run goes. */
export interface Profile {
  name: "full" | "quick";
  /** Measured windows per throughput scenario (each after its own warm-up); the median is reported. */
  windows: number;
  warmupS: number;
  windowS: number;
  /** Concurrent keep-alive connections, the same for every throughput scenario and baseline. */
  connections: number;
  stampedeRequests: number;
  unknownNames: number;
  /** Name changes through one master timed until another master answers the new name. */
  invalidationChanges: number;
}

export const FULL: Profile = { name: "full", windows: 5, warmupS: 1, windowS: 3, connections: 10, stampedeRequests: 1_000, unknownNames: 1_000_000, invalidationChanges: 200 };

/** A smoke run of a few seconds: every scenario runs, none long enough to mean much. */
export const QUICK: Profile = { name: "quick", windows: 3, warmupS: 0.1, windowS: 0.4, connections: 10, stampedeRequests: 1_000, unknownNames: 2_000, invalidationChanges: 20 };
