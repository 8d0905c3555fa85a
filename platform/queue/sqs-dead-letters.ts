import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { z } from 'zod'
import { CONSUMERS, type Consumer, type Envelope, type Failure, Meta } from '#events'
import type { DeadLetterNoteKey, DeadLetterNotes } from '../store/dead-letter-notes.ts'
import {
  DEFAULT_DEAD_LETTER_LIMIT,
  type DeadLetterEntry,
  type DeadLetters,
  isConsumer,
} from './dead-letters.ts'

export interface SqsDeadLettersDeps {
  /** Built by the composition root. */
  sqs: Pick<SQSClient, 'send'>
  /** Each consumer's queue and its DLQ; consumers left out have no dead letters here. */
  queues: Partial<Record<Consumer, { url: string; dlqUrl: string }>>
  /** Why each message was given up on (SQS keeps no reason with a message it moves). */
  notes: DeadLetterNotes
  /** How long messages read from a DLQ stay hidden if releasing them fails (default 30 s). */
  peekSeconds?: number
  /** Long poll of each read (default 1 s: short polls may miss messages of a small queue). */
  waitSeconds?: number
  /** Most messages read from one DLQ per call (default 1000). */
  maxScan?: number
}

/** A DLQ message's body: the EventBridge event the consumer's rule delivered. */
const BridgeBody = z.looseObject({ detail: z.looseObject({ meta: Meta, data: z.unknown() }) })

type Peeked = { message: Message; event: Envelope }

const decode = (message: Message): Envelope | undefined => {
  try {
    const parsed = BridgeBody.safeParse(JSON.parse(message.Body ?? ''))
    return parsed.success ? { meta: parsed.data.detail.meta, data: parsed.data.detail.data } : undefined
  } catch {
    return undefined
  }
}

const ID = /^(planner|supervisor|workers|projector)\.([A-Za-z0-9-]{1,100})$/

/** Reads of one DLQ in flight in this process, chained: a read hides what it reads until it releases it. */
const readers = new Map<string, Promise<unknown>>()

/**
 * Runs `read` when no other read of the same DLQ in this process is under way, so two readers here
 * never hide letters from each other (readers in other processes still can, for up to `peekSeconds`).
 */
const oneReaderAt = <T>(dlqUrl: string | undefined, read: () => Promise<T>): Promise<T> => {
  const key = dlqUrl ?? ''
  const previous = readers.get(key) ?? Promise.resolve()
  const next = previous.then(read, read)
  const settled = next.catch(() => undefined)
  readers.set(key, settled)
  void settled.then(() => {
    if (readers.get(key) === settled) readers.delete(key)
  })
  return next
}

/**
 * {@link DeadLetters} over the consumers' SQS DLQs. SQS cannot look at a message without receiving
 * it, so every call reads the DLQ (each message hidden for `peekSeconds`) and makes what it read
 * visible again at once. A letter's id is `<consumer>.<SQS message id>`; its tenant is the event's
 * own (`detail.meta.tenantId`), so a message that is not a valid event belongs to nobody here.
 * A redrive sends the body unchanged to the consumer's queue (a new message, receive count 0)
 * and deletes it from the DLQ. Two callers reading one DLQ at the same time hide messages from
 * each other until the first releases them.
 */
export const makeSqsDeadLetters = ({
  sqs,
  queues,
  notes,
  peekSeconds = 30,
  waitSeconds = 1,
  maxScan = 1000,
}: SqsDeadLettersDeps): DeadLetters => {
  const consumers = CONSUMERS.filter((c) => queues[c] !== undefined)

  /** Reads what the DLQ holds (up to `maxScan`), hidden until `release`. */
  const peek = async (consumer: Consumer): Promise<Message[]> => {
    const dlqUrl = queues[consumer]?.dlqUrl
    if (!dlqUrl) return []
    const messages: Message[] = []
    while (messages.length < maxScan) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: peekSeconds,
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
        }),
      )
      if (Messages.length === 0) break
      messages.push(...Messages)
    }
    return messages
  }

  const release = async (consumer: Consumer, messages: Message[]) => {
    const dlqUrl = queues[consumer]?.dlqUrl
    if (!dlqUrl) return
    for (let i = 0; i < messages.length; i += 10)
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: dlqUrl,
          Entries: messages.slice(i, i + 10).map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle ?? '',
            VisibilityTimeout: 0,
          })),
        }),
      )
  }

  const noteKey = (consumer: Consumer, event: Envelope): DeadLetterNoteKey => ({
    tenantId: event.meta.tenantId,
    runId: event.meta.runId,
    consumer,
    eventId: event.meta.eventId,
  })

  const entryOf = async (consumer: Consumer, { message, event }: Peeked): Promise<DeadLetterEntry> => {
    const note = await notes.get(noteKey(consumer, event))
    const received = Number(message.Attributes?.ApproximateReceiveCount ?? '0')
    const sent = Number(message.Attributes?.SentTimestamp ?? Date.now())
    const unknown: Failure = {
      code: 'queue.exhausted',
      message:
        'SQS moved the message to the DLQ; no failure was recorded (the consumer crashed or timed out)',
      retryable: true,
    }
    return {
      id: `${consumer}.${message.MessageId}`,
      consumer,
      event,
      reason: note?.reason ?? unknown,
      receives: note?.receives ?? received,
      at: note?.at ?? new Date(sent).toISOString(),
    }
  }

  /** The tenant's decodable messages of one DLQ, released before returning. */
  const tenantLetters = async (consumer: Consumer, tenantId: string, runId?: string) => {
    const messages = await oneReaderAt(queues[consumer]?.dlqUrl, async () => {
      const read = await peek(consumer)
      await release(consumer, read)
      return read
    })
    const mine = messages.flatMap((message) => {
      const event = decode(message)
      if (!event || event.meta.tenantId !== tenantId) return []
      return runId === undefined || event.meta.runId === runId ? [{ message, event }] : []
    })
    return Promise.all(mine.map((peeked) => entryOf(consumer, peeked)))
  }

  /**
   * Finds one letter of the tenant and, while it is hidden from other readers, acts on it; every
   * other message read is released first. Undefined when the id is not one of the tenant's letters.
   */
  const withLetter = async (
    tenantId: string,
    id: string,
    act: (consumer: Consumer, peeked: Peeked) => Promise<void>,
  ): Promise<DeadLetterEntry | undefined> => {
    const [, consumer = '', messageId] = ID.exec(id) ?? []
    if (!isConsumer(consumer) || !queues[consumer]) return undefined
    // The whole act under the lock: the letter stays hidden while it is acted on.
    return oneReaderAt(queues[consumer]?.dlqUrl, async () => {
      const messages = await peek(consumer)
      const target = messages.find((m) => m.MessageId === messageId)
      const event = target && decode(target)
      const mine = target && event?.meta.tenantId === tenantId ? { message: target, event } : undefined
      await release(
        consumer,
        messages.filter((m) => m !== mine?.message),
      )
      if (!mine) return undefined
      try {
        const entry = await entryOf(consumer, mine)
        await act(consumer, mine)
        return entry
      } catch (error) {
        // Best effort: it shows again after `peekSeconds` anyway; the caller gets the first error.
        await release(consumer, [mine.message]).catch(() => undefined)
        throw error
      }
    })
  }

  const remove = async (consumer: Consumer, { message, event }: Peeked) => {
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: queues[consumer]?.dlqUrl, ReceiptHandle: message.ReceiptHandle }),
    )
    await notes.remove(noteKey(consumer, event))
  }

  return {
    list: async (tenantId, query = {}) => {
      const from = query.consumer ? consumers.filter((c) => c === query.consumer) : consumers
      const letters = (await Promise.all(from.map((c) => tenantLetters(c, tenantId, query.runId)))).flat()
      return letters
        .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
        .slice(0, query.limit ?? DEFAULT_DEAD_LETTER_LIMIT)
    },

    get: (tenantId, id) =>
      withLetter(tenantId, id, async (consumer, peeked) => release(consumer, [peeked.message])),

    redrive: (tenantId, id) =>
      withLetter(tenantId, id, async (consumer, peeked) => {
        await sqs.send(
          new SendMessageCommand({ QueueUrl: queues[consumer]?.url, MessageBody: peeked.message.Body }),
        )
        await remove(consumer, peeked)
      }),

    discard: (tenantId, id) => withLetter(tenantId, id, remove),
  }
}
