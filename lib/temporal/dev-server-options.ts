/**
 * SQLite settings for the embedded Temporal dev server (npm run dev, benchmarks, chaos runs).
 * WAL lets readers and the writer work at once, and synchronous=NORMAL syncs at checkpoints
 * instead of every commit (a crash of the machine, not of the process, may lose the last
 * transactions; fine for a dev server). Measured in bench/RESULTS.md ("scale").
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'] as const;

export const sqlitePragmaArgs = (pragmas: readonly string[] = DEV_SERVER_SQLITE_PRAGMAS) => pragmas.flatMap((p) => ['--sqlite-pragma', p]);
