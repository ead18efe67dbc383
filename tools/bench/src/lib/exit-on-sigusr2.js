// Preloaded into a profiled service by the bench (see service-process.ts): SIGUSR2 ends the
// process with process.exit(), the path on which `node --cpu-prof` writes its profile.
process.once('SIGUSR2', () => process.exit(0));
