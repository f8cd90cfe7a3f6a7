/**
 * Fault injection for REST: `failNext` rules are consulted before routing, so an injected 429 or
 * 5xx never reaches the route handler — exactly what a retried request looks like to Discord.
 */
import type { ApiError } from './errors.ts';
import { discordError, errors, statusForCode } from './errors.ts';
import type { FaultHandle, FaultSpec } from './types.ts';

interface Rule {
  spec: FaultSpec;
  remaining: number;
  hits: number;
}

export class FaultInjector {
  private rules: Rule[] = [];

  add(spec: FaultSpec): FaultHandle {
    if (spec.status === undefined && spec.code === undefined) throw new Error('failNext: give a status, a Discord error code, or both');
    const rule: Rule = { spec, remaining: spec.times ?? 1, hits: 0 };
    this.rules.push(rule);
    return {
      get hits() {
        return rule.hits;
      },
      get remaining() {
        return rule.remaining;
      },
      cancel: () => {
        rule.remaining = 0;
        this.rules = this.rules.filter((r) => r !== rule);
      },
    };
  }

  /** The error to answer with if a rule matches this request (consuming one use of it). */
  take(method: string, path: string): ApiError | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.spec, method, path));
    if (!rule) return undefined;
    rule.remaining--;
    rule.hits++;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return toError(rule.spec);
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method) return false;
  if (spec.path === undefined) return true;
  return typeof spec.path === 'string' ? spec.path === path : spec.path.test(path);
}

function toError(spec: FaultSpec): ApiError {
  const status = spec.status ?? statusForCode(spec.code ?? 0);
  if (status === 429) return errors.rateLimited(spec.retryAfter ?? 0.05, spec.global ?? false);
  if (spec.code !== undefined) return discordError(spec.code, status, spec.message);
  // Discord's bare HTTP errors look like `{ message: '502: Bad Gateway', code: 0 }`.
  return discordError(0, status, spec.message ?? `${status}: ${status >= 500 ? 'Internal Server Error' : 'Error'}`);
}
