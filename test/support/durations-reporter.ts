/**
 * A node:test reporter that prints how long each test file took, longest first (the test suite's
 * profile: `npm run test:profile`). Per file: the wall time from when the runner started it to its
 * last event (files run in parallel, so these overlap), and the number of top-level tests and suites.
 */
import type { TestEvent } from "node:test/reporters";

interface FileTimes {
  first: number;
  last: number;
  tests: number;
  failed: number;
}

export default async function* durations(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const files = new Map<string, FileTimes>();
  const started = Date.now();
  for await (const event of source) {
    const data = event.data as { file?: string; nesting?: number };
    if (!data?.file) continue;
    const now = Date.now();
    // The runner enqueues every file at the start; a file's own time starts when it is dequeued.
    if (!files.has(data.file) && event.type !== "test:dequeue") continue;
    const times = files.get(data.file) ?? { first: now, last: now, tests: 0, failed: 0 };
    times.last = now;
    const { name } = event.data as { name?: string };
    if (
      (event.type === "test:pass" || event.type === "test:fail") &&
      data.nesting === 0 &&
      name !== data.file
    ) {
      times.tests += 1;
      if (event.type === "test:fail") times.failed += 1;
    }
    files.set(data.file, times);
  }
  const root = process.cwd() + "/";
  const rows = [...files].sort(([, a], [, b]) => b.last - b.first - (a.last - a.first));
  for (const [file, t] of rows) {
    const secs = ((t.last - t.first) / 1000).toFixed(1).padStart(7);
    yield `${secs} s  ${file.replace(root, "")}  (${t.tests} tests${t.failed ? `, ${t.failed} failed` : ""})\n`;
  }
  yield `${rows.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s\n`;
}
