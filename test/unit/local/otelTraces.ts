/**
 * Seeded OTLP/JSON trace files for tests: agents (`invoke_agent`) whose spans repeat the sum of their
 * model calls' usage, nested sub-agents, tool spans in between, failed calls, agents whose calls carry
 * no usage, spans written in the order they end, batched across lines and traces interleaved. The
 * generator keeps its own list of the events a reader must produce.
 */
import { Rng } from '../../../src/tools/sample/random';

export type Attribute = { key: string; value: Record<string, unknown> };

export const text = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
export const int = (key: string, value: number | string): Attribute => ({ key, value: { intValue: String(value) } });

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attribute[];
  status: { code: number; message?: string };
}

export interface ExpectedSpanEvent {
  key: string;
  ts: number;
  latencyMs: number;
  agentId: string;
  agentName: string;
  session: string;
  user: string;
  model: string | null;
  input: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  output: number | null;
  reasoning: number | null;
  status: 'ok' | 'error';
  errorType: string | null;
}

interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

const none: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
const add = (a: Usage, b: Usage): Usage => ({ input: a.input + b.input, output: a.output + b.output, cacheRead: a.cacheRead + b.cacheRead, cacheWrite: a.cacheWrite + b.cacheWrite, reasoning: a.reasoning + b.reasoning });

function usageAttributes(usage: Usage): Attribute[] {
  const attributes = [int('gen_ai.usage.input_tokens', usage.input), int('gen_ai.usage.output_tokens', usage.output)];
  if (usage.cacheRead > 0) attributes.push(int('gen_ai.usage.cache_read.input_tokens', usage.cacheRead));
  if (usage.cacheWrite > 0) attributes.push(int('gen_ai.usage.cache_creation.input_tokens', usage.cacheWrite));
  if (usage.reasoning > 0) attributes.push(int('gen_ai.usage.reasoning.output_tokens', usage.reasoning));
  return attributes;
}

const baseNs = 1_778_000_000_000_000_000n;

export interface GeneratedTraces {
  /** one TracesData per batch, in the order written */
  batches: object[];
  expected: ExpectedSpanEvent[];
  /** agent spans whose usage is their calls' sum, and calls without usage below an agent that has usage */
  coveredByDescendants: number;
  coveredByCountedAncestor: number;
}

export function generateTraces(seed: number, traceCount: number): GeneratedTraces {
  const rng = new Rng(seed);
  const hex = (length: number) => Array.from({ length }, () => rng.int(16).toString(16)).join('').replace(/^0/, 'a');
  const ended: { span: OtlpSpan; order: bigint }[] = [];
  const expected: ExpectedSpanEvent[] = [];
  let coveredByDescendants = 0;
  let coveredByCountedAncestor = 0;
  const models = ['gpt-4o-2024-08-06', 'claude-sonnet-4-5', 'gemini-2.5-pro'];
  const agents = [{ id: 'asst_support', name: 'Support Bot' }, { id: 'asst_triage', name: 'Triage' }];
  const users = ['alice@example.com', 'bob@example.com'];

  for (let t = 0; t < traceCount; t++) {
    const traceId = hex(32);
    const agent = agents[rng.int(agents.length)]!;
    const session = `conv_${hex(8)}`;
    const user = users[rng.int(users.length)]!;
    let clock = baseNs + BigInt(t) * 60_000_000_000n + BigInt(rng.int(1_000_000));
    const span = (name: string, parentSpanId: string, attributes: Attribute[], durationNs: bigint, status = 1): OtlpSpan => {
      const start = clock;
      clock += durationNs + BigInt(rng.int(5_000_000));
      return { traceId, spanId: hex(16), parentSpanId, name, kind: 1, startTimeUnixNano: String(start), endTimeUnixNano: String(start + durationNs), attributes, status: { code: status } };
    };
    const end = (done: OtlpSpan) => ended.push({ span: done, order: BigInt(done.endTimeUnixNano) });

    const root = span(`invoke_agent ${agent.name}`, '', [], 0n);
    const callUsage = (): Usage => {
      const input = 200 + rng.int(20_000);
      const cacheRead = rng.next() < 0.5 ? rng.int(input) : 0;
      const cacheWrite = rng.next() < 0.3 ? rng.int(input - cacheRead + 1) : 0;
      const output = 1 + rng.int(2_000);
      return { input, output, cacheRead, cacheWrite, reasoning: rng.next() < 0.4 ? rng.int(output + 1) : 0 };
    };
    /** model calls under `parent`; returns their summed usage */
    const calls = (parent: OtlpSpan, owner: { id: string; name: string }, count: number, withUsage: boolean): Usage => {
      let sum = none;
      for (let c = 0; c < count; c++) {
        const model = models[rng.int(models.length)]!;
        // never the first call, so an agent whose calls carry usage always has some below it
        const failed = withUsage && c > 0 && rng.next() < 0.25;
        const attributes = [text('gen_ai.operation.name', 'chat'), text('gen_ai.provider.name', 'openai'), text('gen_ai.request.model', model)];
        const duration = BigInt(50_000_000 + rng.int(3_000_000_000));
        if (rng.next() < 0.3) end(span('execute_tool search', parent.spanId, [text('gen_ai.operation.name', 'execute_tool'), text('gen_ai.tool.name', 'search')], 20_000_000n));
        // some calls sit under an HTTP span without gen_ai attributes: the chain to the agent runs through it
        const wrapper = rng.next() < 0.3 ? span('POST /v1/responses', parent.spanId, [text('http.request.method', 'POST')], 0n) : null;
        const callParent = wrapper ?? parent;
        const endWrapper = () => {
          if (wrapper === null) return;
          wrapper.endTimeUnixNano = String(clock);
          end(wrapper);
        };
        if (failed) {
          const call = span(`chat ${model}`, callParent.spanId, [...attributes, text('error.type', '429')], duration, 2);
          end(call);
          endWrapper();
          expected.push(expectedEvent(call, owner, session, user, model, null, 'error', '429'));
          continue;
        }
        const usage = callUsage();
        const call = span(`chat ${model}`, callParent.spanId, withUsage ? [...attributes, text('gen_ai.response.model', model), ...usageAttributes(usage)] : attributes, duration);
        end(call);
        endWrapper();
        if (withUsage) {
          sum = add(sum, usage);
          expected.push(expectedEvent(call, owner, session, user, model, usage, 'ok', null));
        } else {
          coveredByCountedAncestor += 1;
        }
      }
      return sum;
    };

    const callsCarryUsage = rng.next() < 0.8;
    let total = calls(root, agent, 1 + rng.int(4), callsCarryUsage);
    if (callsCarryUsage && rng.next() < 0.5) {
      // a sub-agent with its own calls, and its own sum
      const sub = { id: 'asst_research', name: 'Researcher' };
      const subAgent = span('invoke_agent Researcher', root.spanId, [], 0n);
      const subTotal = calls(subAgent, sub, 1 + rng.int(3), true);
      subAgent.attributes = [text('gen_ai.operation.name', 'invoke_agent'), text('gen_ai.agent.id', sub.id), text('gen_ai.agent.name', sub.name), ...usageAttributes(subTotal)];
      subAgent.endTimeUnixNano = String(clock);
      end(subAgent);
      coveredByDescendants += 1;
      total = add(total, subTotal);
    }
    if (!callsCarryUsage) {
      // only the agent knows its usage: its span is the one counted
      total = add(total, callUsage());
    }
    root.attributes = [
      text('gen_ai.operation.name', 'invoke_agent'), text('gen_ai.agent.id', agent.id), text('gen_ai.agent.name', agent.name),
      text('gen_ai.conversation.id', session), text('user.id', user), ...usageAttributes(total),
    ];
    root.endTimeUnixNano = String(clock + 1_000_000n);
    end(root);
    if (callsCarryUsage) coveredByDescendants += 1;
    else expected.push(expectedEvent(root, agent, session, user, null, total, 'ok', null));
  }

  // exporters write spans as they end, in batches; traces overlap in time here, so batches mix them
  ended.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const batches: object[] = [];
  for (let i = 0; i < ended.length; ) {
    const size = 1 + rng.int(6);
    const spans = ended.slice(i, i + size).map((entry) => entry.span);
    batches.push({
      resourceSpans: [{
        resource: { attributes: [text('service.name', 'agent-service'), text('service.version', '1.4.0')] },
        scopeSpans: [{ scope: { name: 'my.agent.sdk', version: '1.0.0' }, spans }],
      }],
    });
    i += size;
  }
  return { batches, expected, coveredByDescendants, coveredByCountedAncestor };
}

function expectedEvent(
  span: OtlpSpan, owner: { id: string; name: string }, session: string, user: string, model: string | null, usage: Usage | null,
  status: 'ok' | 'error', errorType: string | null,
): ExpectedSpanEvent {
  const startNs = BigInt(span.startTimeUnixNano);
  const durationNs = BigInt(span.endTimeUnixNano) - startNs;
  return {
    key: `otlp:${span.traceId}:${span.spanId}`,
    ts: Number(startNs / 1_000_000n),
    latencyMs: Number(durationNs) / 1e6,
    agentId: owner.id, agentName: owner.name, session, user, model,
    // the semantic conventions put cache reads and writes inside input_tokens
    input: usage === null ? null : usage.input - usage.cacheRead - usage.cacheWrite,
    cacheRead: usage === null || usage.cacheRead === 0 ? null : usage.cacheRead,
    cacheWrite: usage === null || usage.cacheWrite === 0 ? null : usage.cacheWrite,
    output: usage === null ? null : usage.output,
    reasoning: usage === null || usage.reasoning === 0 ? null : usage.reasoning,
    status, errorType,
  };
}
