// Live prices: the Price List Query API through @aws-sdk/client-pricing, imported only here, only when used.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
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
    if (/AWS SDK|NodeVersionSupportWarning|NodeDeprecationWarning|aws-sdk/i.test(`${text} ${JSON.stringify(rest)}`)) return;
    return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  (quiet as { heirloomQuiet?: boolean }).heirloomQuiet = true;
  process.emitWarning = quiet;
}

const MAX_PAGES = 50;
const CONCURRENCY = 8;

/** Ask GetProducts for every item, 8 at a time, following NextToken; the whole pull bounded by timeoutMs. */
export async function fetchLive(items: readonly PriceItem[], endpointRegion: string, timeoutMs: number): Promise<Map<string, LiveResult>> {
  silenceSdkWarnings();
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
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  try {
    const one = async (item: PriceItem): Promise<[string, LiveResult]> => {
        const priceList: string[] = [];
        let NextToken: string | undefined;
        try {
          for (let page = 0; page < MAX_PAGES; page++) {
            const answer = await client.send(new GetProductsCommand({ ...item.request, MaxResults: 100, NextToken }), { abortSignal: controller.signal });
            for (const entry of answer.PriceList ?? []) priceList.push(String(entry));
            NextToken = answer.NextToken || undefined;
            if (!NextToken) return [item.key, { ok: true, priceList }];
          }
          return [item.key, { ok: false, reason: `more than ${MAX_PAGES} pages of answers: the filters are too broad` }];
        } catch (err) {
          return [item.key, { ok: false, reason: controller.signal.aborted ? `timed out after ${seconds}` : reasonOf(err) }];
        }
    };
    // A few requests at a time: a whole catalogue at once would only be throttled.
    const results = new Map<string, LiveResult>();
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const [key, result] = await one(items[next++]);
        results.set(key, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
    return results;
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}

/** One short phrase for an SDK error. */
export function reasonOf(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  const name = e?.name ?? "Error";
  const status = e?.$metadata?.httpStatusCode;
  const message = (e?.message ?? String(err)).split("\n")[0];
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) return "no AWS credentials";
  if (name === "AccessDeniedException" || status === 403) return `access denied (${message})`;
  if (name === "ThrottlingException") return "throttled by the Pricing API after 4 attempts";
  if (name === "TimeoutError" || name === "AbortError" || /timed? ?out/i.test(message)) return "timed out";
  if (status !== undefined && status >= 500) return `the Pricing API answered ${status} (${name})`;
  const code = e?.code ?? e?.cause?.code;
  if (code && /^E[A-Z_]+$/.test(code)) return `network unreachable (${code})`;
  return `${name}: ${message}`;
}
