/** Whether this process started the OpenTelemetry SDK (`startTelemetry` with an exporter). */
let active = false;

export const tracingActive = (): boolean => active;

export function setTracingActive(on: boolean): void {
  active = on;
}
