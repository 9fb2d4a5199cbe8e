// Loaded with `node -r` into a command the bench runs: reports the process's peak memory and CPU time
// (user + system, microseconds) when it exits.
process.on("exit", () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nPEAK_RSS_KB ${u.maxRSS} CPU_US ${u.userCPUTime + u.systemCPUTime}\n`);
});
