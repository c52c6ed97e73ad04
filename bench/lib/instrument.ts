// What the benchmark observes of the functions running in the local stack, without touching their code:
// each invocation's duration (the handler wrapped as it is loaded), each DynamoDB call with the capacity DynamoDB
// reports for it (ReturnConsumedCapacity added by a client middleware) and the bytes of log lines written,
// all attributed to the function that caused them through an AsyncLocalStorage context.
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { FunctionName } from '../../functions/routes.js';
import { INDEX } from '../../functions/store/keys.js';
import { itemSize, writeUnits } from './item-size.js';

export interface Invocation {
  fn: FunctionName;
  ms: number;
  /** Records in the event (SQS and stream batches), 1 otherwise. */
  records: number;
  failed: boolean;
}

export interface DynamoCall {
  fn: FunctionName | 'other';
  command: string;
  /** Read and write capacity units (table and indexes together: TOTAL), as DynamoDB Local reported them... */
  read: number;
  write: number;
  /** ...except for transactions, priced by DynamoDB's documented rule from the items' sizes; Local's own figure here. */
  writeReported: number;
  /** Items the call writes (a transaction's actions, a batch's puts), 0 for reads. */
  items: number;
  failed: boolean;
  /** Items returned and items evaluated (Query, Scan), 0 for the rest. */
  count: number;
  scanned: number;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const WRITE_COMMANDS = /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)Command$/;

type Item = Parameters<typeof itemSize>[0];

/**
 * The middleware sits at the initialize step, before the document client marshals (just ahead of serializing): its
 * items are plain objects then (their key a string), while the raw client's are already attribute values.
 */
function wire(item: Item | undefined): Item | undefined {
  if (!item) return undefined;
  const plain = item as Record<string, unknown>;
  return typeof plain.pk === 'string' || typeof plain.sk === 'string'
    ? (marshall(plain, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as Item)
    : item;
}

function itemsOf(command: string, input: Record<string, unknown>): number {
  if (command === 'TransactWriteItemsCommand') return (input.TransactItems as unknown[]).length;
  if (command === 'BatchWriteItemCommand') return Object.values(input.RequestItems as Record<string, unknown[]>).reduce((n, r) => n + r.length, 0);
  return WRITE_COMMANDS.test(command) ? 1 : 0;
}
interface TransactAction {
  Put?: { TableName: string; Item: Item };
  Update?: { TableName: string; Key: Item };
  Delete?: { TableName: string; Key: Item };
  ConditionCheck?: { TableName: string; Key: Item };
}

export class Instrumentation {
  readonly context = new AsyncLocalStorage<{ fn: FunctionName }>();
  invocations: Invocation[] = [];
  calls: DynamoCall[] = [];
  logBytes = new Map<string, number>();
  /** When false, the capacity middleware leaves requests as the functions wrote them. */
  metering = false;
  /** Reads an item back (consistently, outside any function's account): the size of an updated item. */
  readItem?: (tableName: string, key: Item) => Promise<Item | undefined>;
  private pending: Array<Promise<void>> = [];
  /** Transactions that could not be priced (their write stays at what Local reported). */
  meterErrors: string[] = [];

  /** Waits for the transactions still being priced. */
  async flush(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }

  reset(): void {
    this.invocations = [];
    this.calls = [];
    this.logBytes = new Map();
  }

  /** The local stack's hook: runs each invocation in its function's context and times it. */
  readonly wrapHandler = <H extends (...args: never[]) => Promise<unknown>>(fn: FunctionName, handler: H): H => {
    const wrapped = async (...args: Parameters<H>) => {
      const event = args[0] as { Records?: unknown[] } | undefined;
      const started = performance.now();
      let failed = false;
      try {
        return await this.context.run({ fn }, () => handler(...args));
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        this.invocations.push({ fn, ms: performance.now() - started, records: Array.isArray(event?.Records) ? event.Records.length : 1, failed });
      }
    };
    return wrapped as unknown as H;
  };

  /** Adds ReturnConsumedCapacity: TOTAL to every call of the functions' client (when metering) and records what comes back. */
  meter(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        const metering = this.metering;
        if (metering) input.ReturnConsumedCapacity = 'TOTAL';
        const fn = this.context.getStore()?.fn ?? 'other';
        const command = context.commandName ?? 'unknown';
        let result;
        try {
          result = await next(args);
        } catch (error) {
          this.calls.push({ fn, command, read: 0, write: 0, writeReported: 0, items: itemsOf(command, input), count: 0, scanned: 0, failed: true });
          throw error;
        }
        const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[]; Count?: number; ScannedCount?: number };
        const consumed = [output.ConsumedCapacity ?? []].flat();
        const units = consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        const isWrite = WRITE_COMMANDS.test(command);
        const call: DynamoCall = {
          fn,
          command,
          read: isWrite ? 0 : units,
          write: isWrite ? units : 0,
          writeReported: isWrite ? units : 0,
          items: itemsOf(command, input),
          count: output.Count ?? 0,
          scanned: output.ScannedCount ?? 0,
          failed: false,
        };
        this.calls.push(call);
        // Priced afterwards, off the function's clock (reading updated items back takes calls of its own).
        if (metering && command === 'TransactWriteItemsCommand') {
          const priced = this.transactionUnits(input.TransactItems as TransactAction[]).then(
            (units) => void (call.write = units),
            (error: Error) => void this.meterErrors.push(`pricing a transaction: ${error.name}: ${error.message}`),
          );
          this.pending.push(priced);
        }
        return result;
      },
      { step: 'initialize', priority: 'low', name: 'benchCapacityMeter' },
    );
  }

  /** 2 write units per item and KB for each action, plus 1 per KB for each index entry the item carries. */
  private async transactionUnits(actions: TransactAction[]): Promise<number> {
    let units = 0;
    for (const action of actions) {
      const item = wire(action.Put?.Item) ?? (action.Update && (await this.readItem?.(action.Update.TableName, wire(action.Update.Key)!)));
      const key = wire(action.Delete?.Key ?? action.ConditionCheck?.Key);
      const size = item ? itemSize(item) : key ? itemSize(key) : 0;
      units += writeUnits(size, true);
      const index = INDEX.answersByDay;
      if (item?.[index.partitionKey] && item[index.sortKey]) units += writeUnits(size, false);
    }
    return units;
  }

  /**
   * Counts the bytes of the functions' log lines (what CloudWatch Logs would ingest) and keeps them off the terminal;
   * anything else the process prints passes through.
   */
  captureLogs(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        const fn = this.context.getStore()?.fn;
        const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
        if (fn !== undefined && text.startsWith('{"level"')) {
          this.logBytes.set(fn, (this.logBytes.get(fn) ?? 0) + Buffer.byteLength(text));
          if (!process.env.BENCH_VERBOSE) {
            const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
            callback?.();
            return true;
          }
        }
        return write(chunk, ...rest);
      }) as typeof stream.write;
    }
  }
}
