import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Logger } from 'pino';
import { abortError, SpeechError, toSpeechError } from '../errors.ts';

export interface WarmProcessOptions {
  /** Short name for logs and errors ("festival"). */
  name: string;
  command: string;
  args: readonly string[];
  /** Written to stdin once the process is spawned. */
  initInput?: string;
  /**
   * Looks at each stdout line during start-up: 'ready' finishes start-up, a string fails it with that
   * message, undefined keeps waiting.
   */
  readyCheck: (line: string) => 'ready' | string | undefined;
  startTimeoutMs: number;
  /** Message for a spawn ENOENT (the install command). */
  notInstalledMessage: string;
  logger: Logger;
}

export interface RequestOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

interface Pending {
  /** The process this request was written to: only its output and its death concern the request. */
  child: ChildProcessWithoutNullStreams;
  isEnd: (line: string) => boolean;
  lines: string[];
  resolve: (lines: string[]) => void;
  reject: (err: SpeechError) => void;
}

const STDERR_KEEP = 20;

/**
 * One long-lived child process driven by lines on stdin/stdout, one request at a time (requests queue
 * in order). A request ends when its end line arrives; a timeout kills the process (it may be stuck)
 * and the next request starts a fresh one. Cancelling a request that is already running rejects it at
 * once; the process finishes it quietly before taking the next.
 */
export class WarmProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private starting: Promise<ChildProcessWithoutNullStreams> | null = null;
  private pending: Pending | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stdoutRest = '';
  private readonly stderrTail: string[] = [];
  private closed = false;
  /** How many times a process was spawned (1 while the first one lives). */
  starts = 0;

  constructor(private readonly opts: WarmProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process if it is not running; resolves when it reported ready. */
  async ensureStarted(): Promise<void> {
    await this.spawnIfNeeded();
  }

  /**
   * Queues `input`; resolves with the stdout lines up to and including the one `isEnd` accepts.
   * Cancelled while queued, it is never sent; cancelled while running, the caller is rejected at once.
   */
  request(input: string, isEnd: (line: string) => boolean, options: RequestOptions): Promise<string[]> {
    const { signal } = options;
    return new Promise<string[]>((resolve, reject) => {
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        finish();
      };
      const onAbort = () => settle(() => reject(abortError(signal)));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      // The queue waits for the process to finish each request, not for its caller, who may have left.
      this.chain = this.chain.then(async () => {
        if (settled) return;
        try {
          const lines = await this.execute(input, isEnd, options.timeoutMs);
          settle(() => resolve(lines));
        } catch (err) {
          settle(() => reject(toSpeechError(err, 'engine_failed', `${this.opts.name} failed`)));
        }
      });
    });
  }

  private async execute(
    input: string,
    isEnd: (line: string) => boolean,
    timeoutMs: number,
  ): Promise<string[]> {
    if (this.closed) throw new SpeechError('engine_failed', `${this.opts.name} is closed`);
    let child = await this.spawnIfNeeded();
    if (child.exitCode !== null || child.signalCode !== null) {
      // Died while idle and its exit is not processed yet: start another rather than write to a corpse.
      if (this.child === child) this.child = null;
      child = await this.spawnIfNeeded();
    }
    const done = new Promise<string[]>((resolve, reject) => {
      this.pending = { child, isEnd, lines: [], resolve, reject };
    });
    const timer = setTimeout(() => {
      this.fail(
        child,
        new SpeechError('timeout', `${this.opts.name} gave no answer within ${timeoutMs} ms`, {
          retryable: true,
        }),
      );
      this.kill(child);
    }, timeoutMs);
    child.stdin.write(input);
    try {
      return await done;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Rejects the request in flight, if it was sent to `child` (any child when null). */
  private fail(child: ChildProcessWithoutNullStreams | null, err: SpeechError): void {
    const p = this.pending;
    if (!p || (child && p.child !== child)) return;
    this.pending = null;
    p.reject(err);
  }

  private spawnIfNeeded(): Promise<ChildProcessWithoutNullStreams> {
    if (this.child) return Promise.resolve(this.child);
    if (!this.starting) {
      this.starting = this.spawnOne().finally(() => (this.starting = null));
    }
    return this.starting;
  }

  private spawnOne(): Promise<ChildProcessWithoutNullStreams> {
    const { name, command, args, logger } = this.opts;
    return new Promise((resolve, reject) => {
      let ready = false;
      // Own process group (detached) so a kill reaches a whole shell pipeline. If Node dies, the
      // engines see EOF on stdin and exit by themselves.
      const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      this.stdoutRest = '';
      this.starts++;
      const startTimer = setTimeout(() => {
        finishStart(
          new SpeechError('timeout', `${name} did not start within ${this.opts.startTimeoutMs} ms`, {
            retryable: true,
          }),
        );
        this.kill(child);
      }, this.opts.startTimeoutMs);
      const finishStart = (err?: SpeechError) => {
        if (ready) return;
        ready = true;
        clearTimeout(startTimer);
        if (err) {
          this.kill(child);
          reject(err);
        } else {
          this.child = child;
          logger.info({ pid: child.pid, starts: this.starts }, 'engine process ready');
          resolve(child);
        }
      };
      child.on('error', (err: NodeJS.ErrnoException) => {
        const notInstalled = err.code === 'ENOENT';
        finishStart(
          new SpeechError(
            notInstalled ? 'not_installed' : 'engine_failed',
            notInstalled ? this.opts.notInstalledMessage : `${name} could not start: ${err.message}`,
            { cause: err },
          ),
        );
      });
      child.on('exit', (code, sig) => {
        logger.warn({ pid: child.pid, code, signal: sig }, 'engine process exited');
        if (this.child === child) this.child = null;
        const detail = this.stderrTail.slice(-3).join(' | ');
        finishStart(
          new SpeechError('engine_failed', `${name} exited during start-up (code ${code}): ${detail}`),
        );
        this.fail(
          child,
          new SpeechError('engine_failed', `${name} exited (code ${code}, signal ${sig}): ${detail}`, {
            retryable: true,
          }),
        );
      });
      child.stdin.on('error', () => undefined); // EPIPE when it died; 'exit' reports it
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          if (!line.trim()) continue;
          this.stderrTail.push(line.trim());
          if (this.stderrTail.length > STDERR_KEEP) this.stderrTail.shift();
          logger.debug({ line }, 'engine stderr');
        }
      });
      child.stdout.on('data', (chunk: string) => {
        // Late output of a process we already gave up on must not reach the next one's request.
        if (ready && this.child !== child) return;
        const text = this.stdoutRest + chunk;
        const lines = text.split('\n');
        this.stdoutRest = lines.pop() ?? '';
        for (const line of lines) {
          if (!ready) {
            const verdict = this.opts.readyCheck(line);
            if (verdict === 'ready') finishStart();
            else if (verdict !== undefined) finishStart(new SpeechError('not_installed', verdict));
            continue;
          }
          const p = this.pending;
          if (!p || p.child !== child) continue;
          p.lines.push(line);
          if (p.isEnd(line)) {
            this.pending = null;
            p.resolve(p.lines);
          }
        }
      });
      if (this.opts.initInput) child.stdin.write(this.opts.initInput);
    });
  }

  /** The last lines the process wrote to stderr (for error messages). */
  recentStderr(): string[] {
    return [...this.stderrTail];
  }

  private kill(child: ChildProcessWithoutNullStreams): void {
    if (this.child === child) this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      // The whole group: some engines run behind a shell pipeline.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }

  /** Ends stdin (engines exit on EOF), then kills whatever is left after `graceMs`. */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    this.fail(null, new SpeechError('engine_failed', `${this.opts.name} was closed`));
    const child = this.child ?? (await this.starting?.catch(() => null)) ?? null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end();
    const timer = setTimeout(() => this.kill(child), graceMs);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }

  /** Kills the process at once (for tests of restart behaviour and for emergencies). */
  killNow(): void {
    if (this.child) this.kill(this.child);
  }
}
