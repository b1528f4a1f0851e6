/** Exit codes: 0 clean, 1 the gate failed (findings, a watched change), 2 a usage or input mistake, 3 a bug of ours. */
export const EXIT = { clean: 0, findings: 1, usage: 2, internal: 3 } as const;
