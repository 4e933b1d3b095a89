// The machine a calibration ran on (calibration targets loopback, so it is the backend's machine too).
import { availableParallelism, cpus, release, type } from "node:os";
import type { MachineInfo } from "../../core/calibrate/report.js";

/** CPU model, cores the OS offers, and the OS. */
export function readMachineInfo(): MachineInfo {
  const model = cpus()[0]?.model?.replace(/\s+/g, " ").trim() || "unknown CPU";
  return { cpuModel: model, cores: availableParallelism(), os: `${type()} ${release()}` };
}
