/**
 * A progress indicator on stderr, drawn only when stderr is a TTY (so pipes, CI logs and --json
 * output stay clean). It appears after `delayMs` (default 1 s) so quick steps don't flicker.
 */
const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface Spinner {
  /** Changes the text shown next to the spinner. */
  update(text: string): void;
  /** Stops and erases the spinner. */
  stop(): void;
}

/** Starts a spinner with `text`; a no-op object when stderr is not a TTY. */
export function startSpinner(
  text: string,
  options: { delayMs?: number; stream?: NodeJS.WriteStream } = {},
): Spinner {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return { update() {}, stop() {} };
  let label = text;
  let frame = 0;
  let drawn = false;
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => {
    stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label}`);
    drawn = true;
  };
  const delay = setTimeout(() => {
    draw();
    timer = setInterval(draw, 80);
    timer.unref();
  }, options.delayMs ?? 1000);
  delay.unref();
  return {
    update(next: string) {
      label = next;
    },
    stop() {
      clearTimeout(delay);
      if (timer) clearInterval(timer);
      if (drawn) stream.write("\r\x1b[2K");
      drawn = false;
    },
  };
}

/** Runs `work` with a spinner showing `text`, stopping it however `work` ends. */
export async function withSpinner<T>(text: string, work: () => Promise<T>): Promise<T> {
  const spinner = startSpinner(text);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
