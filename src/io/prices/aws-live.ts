// Live prices: the Price List Query API through @aws-sdk/client-pricing, imported only here, only when a call is
// really needed. Every item is asked for at once (bounded), and the whole pull, fetching credentials included,
// keeps one deadline; every failure names its real cause.
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PriceItem } from "../../core/pricing/aws-items.js";

export type LiveResult = { ok: true; priceList: string[] } | { ok: false; reason: string };

/**
 * Why live prices cannot be asked for, or undefined when credentials may be at hand. Checks what the SDK's
 * default chain would find (env, AWS_PROFILE and config files, SSO, web identity, containers) without asking
 * the network; the instance role is tried only on EC2, so other machines never probe 169.254.169.254.
 */
export function credentialsProblem(env: NodeJS.ProcessEnv): string | undefined {
  const set = (name: string) => Boolean(env[name] && env[name]!.trim());
  if (set("AWS_ACCESS_KEY_ID") || set("AWS_PROFILE") || set("AWS_WEB_IDENTITY_TOKEN_FILE")) return undefined;
  if (set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || set("AWS_CONTAINER_CREDENTIALS_FULL_URI")) return undefined;
  const home = env.HOME || homedir();
  const files = [env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"), env.AWS_CONFIG_FILE || join(home, ".aws", "config")];
  if (files.some((f) => existsSync(f))) return undefined;
  if (env.AWS_EC2_METADATA_DISABLED !== "true" && onEc2()) return undefined;
  return "no AWS credentials; set AWS_PROFILE or AWS_ACCESS_KEY_ID";
}

function onEc2(): boolean {
  try {
    return /amazon/i.test(readFileSync("/sys/devices/virtual/dmi/id/sys_vendor", "utf8"));
  } catch {
    return false;
  }
}

/** The SDK's warnings (Node version notices and the like) are not the user's business. */
function silenceSdkWarnings(): void {
  const original = process.emitWarning;
  if ((original as { heirloomQuiet?: boolean }).heirloomQuiet) return;
  const quiet = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : `${warning?.name} ${warning?.message}`;
    if (/AWS SDK|NodeVersionSupportWarning|NodeDeprecationWarning|aws-sdk|MaxListenersExceeded|EventTarget memory leak/i.test(`${text} ${JSON.stringify(rest)}`)) return;
    return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  (quiet as { heirloomQuiet?: boolean }).heirloomQuiet = true;
  process.emitWarning = quiet;
}

// A credential_process the SDK starts (child_process.exec) must not outlive the deadline: the SDK gives no handle
// to it, so the processes it starts during a pull are kept here and killed when the deadline passes. Installed
// before the SDK is loaded (it takes `exec` when its module loads).
const children = new Set<ChildProcess>();
/** Past the deadline: a process the SDK starts now (its chain tries credential_process again) is killed at once. */
let reaping = false;
let execBound = false;
function boundChildProcesses(): void {
  if (execBound) return;
  execBound = true;
  const keep = (child: ChildProcess | undefined) => {
    if (!child) return;
    children.add(child);
    child.once("exit", () => children.delete(child));
    if (reaping) killChildren();
  };
  // Required here, not imported: child_process (and the net and stream modules it loads) is for live pulls only.
  const childProcess: typeof import("node:child_process") = createRequire(import.meta.url)("node:child_process");
  const original = childProcess.exec;
  const originalPromised: ((...a: unknown[]) => Promise<unknown> & { child?: ChildProcess }) | undefined = Reflect.get(original, promisify.custom);
  const wrapped = function (this: unknown, ...args: unknown[]): ChildProcess {
    const child: ChildProcess = Reflect.apply(original, this, args);
    keep(child);
    return child;
  };
  const exec: typeof childProcess.exec = Object.assign(wrapped, original);
  if (originalPromised) {
    Object.defineProperty(exec, promisify.custom, {
      value: (...args: unknown[]) => {
        // Past the deadline nothing more is started: the SDK's chain would run the same hanging process again.
        if (reaping) return Promise.reject(new Error("the price pull is over"));
        const promise = originalPromised(...args);
        keep(promise.child);
        return promise;
      },
    });
  }
  childProcess.exec = exec;
  syncBuiltinESMExports();
}

/** The processes below a pid (Linux /proc; elsewhere none are found): a shell's own children outlive its kill. */
function descendants(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const parentOf = new Map<number, number>();
  for (const e of entries) {
    try {
      // "pid (comm) state ppid ...": the command may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      parentOf.set(Number(e), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) if (parent === p && !found.includes(child)) found.push(child), walk(child);
  };
  walk(pid);
  return found;
}

function killChildren(): void {
  for (const child of children) {
    for (const pid of child.pid ? descendants(child.pid) : []) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    child.kill("SIGKILL");
    // The shell's own child may outlive it holding the pipes: let go of our ends, so that nothing waits on them.
    for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
    child.unref();
  }
  children.clear();
}

const MAX_PAGES = 50;
/** Requests in flight at once: a plan's or a sweep's items all go in one wave; a whole catalogue is bounded. */
export const MAX_CONCURRENCY = 32;

/** Ask GetProducts for every item at once (bounded), following NextToken; the whole pull, credentials included, within timeoutMs. */
export async function fetchLive(items: readonly PriceItem[], endpointRegion: string, timeoutMs: number): Promise<Map<string, LiveResult>> {
  const results = new Map<string, LiveResult>();
  if (items.length === 0) return results;
  const started = Date.now();
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  silenceSdkWarnings();
  boundChildProcesses();
  reaping = false;
  // Off EC2 there is no instance role to find: keep the SDK's chain from probing 169.254.169.254.
  if (!onEc2()) process.env.AWS_EC2_METADATA_DISABLED ??= "true";
  const { PricingClient, GetProductsCommand } = await import("@aws-sdk/client-pricing");
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  // The API's endpoint is us-east-1 whatever region is priced (notes 1.0); AWS_ENDPOINT_URL_PRICING overrides it.
  const client = new PricingClient({
    region: endpointRegion,
    maxAttempts: 4,
    logger: silent,
    requestHandler: { connectionTimeout: Math.min(5000, timeoutMs), requestTimeout: timeoutMs },
  });
  const controllers = new Set<AbortController>();
  let expired = false;
  let expire: () => void = () => {};
  const deadline = new Promise<"expired">((resolve) => {
    expire = () => resolve("expired");
  });
  const timer = setTimeout(() => {
    expired = true;
    reaping = true;
    for (const c of controllers) c.abort();
    killChildren();
    expire();
  }, Math.max(0, timeoutMs - (Date.now() - started)));
  const failAll = (reason: string) => {
    for (const item of items) if (!results.has(item.key)) results.set(item.key, { ok: false, reason });
    return results;
  };
  try {
    // Credentials first, inside the same deadline: a credential_process that hangs must not hold the run.
    try {
      const creds = await Promise.race([client.config.credentials(), deadline]);
      if (creds === "expired") return failAll(`fetching AWS credentials timed out after ${seconds}`);
    } catch (err) {
      return failAll(expired ? `fetching AWS credentials timed out after ${seconds}` : `no AWS credentials (${firstLine(err)})`);
    }

    const one = async (item: PriceItem): Promise<LiveResult> => {
      // One controller a request: a single signal shared by many requests collects listeners (Node warns past 10).
      const controller = new AbortController();
      controllers.add(controller);
      const priceList: string[] = [];
      let NextToken: string | undefined;
      try {
        for (let page = 0; page < MAX_PAGES; page++) {
          const answer = await client.send(new GetProductsCommand({ ...item.request, MaxResults: 100, NextToken }), { abortSignal: controller.signal });
          for (const entry of answer.PriceList ?? []) priceList.push(String(entry));
          NextToken = answer.NextToken || undefined;
          if (!NextToken) return { ok: true, priceList };
        }
        return { ok: false, reason: `more than ${MAX_PAGES} pages of answers: the filters are too broad` };
      } catch (err) {
        return { ok: false, reason: expired ? `timed out after ${seconds}` : reasonOf(err) };
      } finally {
        controllers.delete(controller);
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++];
        results.set(item.key, await one(item));
      }
    };
    const all = Promise.all(Array.from({ length: Math.min(MAX_CONCURRENCY, items.length) }, worker));
    if ((await Promise.race([all, deadline])) === "expired") {
      await Promise.race([all, new Promise((r) => setTimeout(r, 200).unref())]);
      return failAll(`timed out after ${seconds}`);
    }
    return results;
  } finally {
    clearTimeout(timer);
    // Whatever the SDK still has running for this pull is over: nothing may keep the run alive.
    reaping = true;
    for (const c of controllers) c.abort();
    killChildren();
    client.destroy();
  }
}

function firstLine(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split("\n")[0].slice(0, 200);
}

/** One short phrase for an SDK error: its real cause (a dropped connection is not a time-out). */
export function reasonOf(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  const name = e?.name ?? "Error";
  const status = e?.$metadata?.httpStatusCode;
  const message = firstLine(err);
  const code = e?.code ?? e?.cause?.code;
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) return "no AWS credentials";
  if (name === "AccessDeniedException" || status === 403) return `access denied (${message})`;
  if (name === "ThrottlingException") return "throttled by the Pricing API after 4 attempts";
  if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up/i.test(message)) return `the connection was dropped (${code ?? "socket hang up"})`;
  if (code === "ECONNREFUSED") return "the connection was refused (ECONNREFUSED)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `the Pricing API's host was not found (${code})`;
  if (code && /^E[A-Z_]+$/.test(code)) return `network unreachable (${code})`;
  if (name === "TimeoutError" || /timed? ?out/i.test(message)) return "the Pricing API did not answer in time";
  if (status !== undefined && status >= 500) return `the Pricing API answered ${status} (${name})`;
  return `${name}: ${message}`;
}
