/**
 * Where `doctor` can get its token from (`--credential`): shared by the command's declaration
 * (doctor.ts) and its implementation (doctor-run.ts, loaded only when it runs).
 */
export const CREDENTIALS = ["default", "cli", "managed-identity", "workload-identity", "local"] as const;
