/**
 * Runs code as if the machine were in another time zone: Node re-reads process.env.TZ when it is
 * assigned (the unit tests run in forked processes, so this stays within the test file's process).
 */
import { expect } from 'vitest';

export const machineZones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'America/Santiago', 'Australia/Lord_Howe'] as const;

export function onMachineIn<T>(timeZone: string, run: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    // proves the switch took effect, so a test using this cannot pass without it
    const canonical = (zone?: string) => Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    expect(canonical()).toBe(canonical(timeZone));
    return run();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/** The result of `run` on a machine in each of `machineZones`, keyed by the machine's zone. */
export function onEveryMachine<T>(run: () => T): Record<string, T> {
  return Object.fromEntries(machineZones.map((zone) => [zone, onMachineIn(zone, run)]));
}
