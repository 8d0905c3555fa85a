import { type FormEvent, useCallback, useEffect, useState } from 'react'
import { api, type ChatMessage, type ChatSummary, ended, must } from '../api/client.ts'
import { useRun } from '../api/use-run.ts'
import { Link, navigate } from '../router.tsx'
import { ErrorNote, Loading, StatusBadge, Time } from '../ui.tsx'
import { PlanGraph } from './lazy-plan-graph.tsx'
import { Outcome } from './run-page.tsx'

/** The run a message started, followed live: its plan and steps as they happen, then its answer. */
const LiveRun = ({ runId, onEnded }: { runId: string; onEnded: () => void }) => {
  const { run, error } = useRun(runId)
  const [selected, setSelected] = useState<string>()
  const done = run ? ended(run.status) : false
  useEffect(() => {
    if (done) onEnded()
  }, [done, onEnded])
  if (!run) return error ? <ErrorNote error={error} /> : <Loading what="the run" />
  return (
    <section className="live-run panel" aria-label="Run of the last message" data-testid="live-run">
      <p>
        <Link to={`/console/runs/${run.runId}`}>Run {run.runId}</Link> <StatusBadge status={run.status} />
        {!done ? <span className="muted"> · following its events live</span> : null}
      </p>
      {run.plan ? (
        <>
          <p className="muted">Plan: {run.plan.goal}</p>
          <PlanGraph run={run} selected={selected} onSelect={setSelected} height={220} />
        </>
      ) : (
        <p className="muted">{done ? '' : 'planning…'}</p>
      )}
      {run.status === 'awaiting_approval' ? (
        <p className="waiting" role="status" data-testid="awaiting-approval">
          This run waits for approval of its plan:{' '}
          <Link to={`/console/runs/${run.runId}`}>review the plan and decide</Link>
        </p>
      ) : null}
      {done ? <Outcome run={run} /> : null}
    </section>
  )
}

/** One conversation: its messages, the run of the last message live, and a box to write the next. */
const Conversation = ({ chatId, onChatCreated }: { chatId?: string; onChatCreated: () => void }) => {
  const [messages, setMessages] = useState<ChatMessage[]>()
  const [error, setError] = useState<unknown>()
  const [sending, setSending] = useState(false)
  const [draft, setDraft] = useState('')
  const [askApproval, setAskApproval] = useState(false)
  const [pending, setPending] = useState<string>()
  const [live, setLive] = useState<{ chatId: string; runId: string }>()

  const load = useCallback(async () => {
    if (!chatId) return setMessages([])
    try {
      const chat = await must(api.GET('/chats/{chatId}', { params: { path: { chatId } } }))
      setMessages(chat.messages)
      setPending(undefined)
    } catch (failure) {
      setError(failure)
    }
  }, [chatId])
  useEffect(() => {
    setMessages(undefined)
    setError(undefined)
    void load()
  }, [load])

  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const content = draft.trim()
    if (!content) return
    setSending(true)
    setError(undefined)
    try {
      let id = chatId
      if (!id) {
        id = (await must(api.POST('/chats', { body: { title: content.slice(0, 80) } }))).chatId
        onChatCreated()
        navigate(`/console/chats/${id}`, { replace: true })
      }
      // Asked to answer at once (202): the run is then followed live over SSE, its hand-over included.
      const answer = await must(
        api.POST('/chats/{chatId}/messages', {
          params: {
            path: { chatId: id },
            header: { Prefer: 'respond-async', 'Idempotency-Key': crypto.randomUUID() },
          },
          body: askApproval ? { content, approval: 'plan' } : { content },
        }),
      )
      setDraft('')
      setPending(content)
      setLive({ chatId: id, runId: answer.runId })
    } catch (failure) {
      setError(failure)
    } finally {
      setSending(false)
    }
  }

  const liveRunId = live && live.chatId === chatId ? live.runId : undefined
  const onEnded = useCallback(() => void load(), [load])
  return (
    <section className="conversation" aria-label="Conversation">
      {messages === undefined ? <Loading what="the conversation" /> : null}
      <ol className="messages" aria-label="Messages">
        {(messages ?? []).map((message) => (
          <li key={message.messageId} className={`message ${message.role}`} data-role={message.role}>
            <div className="who">
              {message.role === 'user' ? 'You' : 'Chorus'} · <Time at={message.createdAt} /> ·{' '}
              <Link to={`/console/runs/${message.runId}`}>run</Link>
            </div>
            <div className="content">{message.content}</div>
          </li>
        ))}
        {pending &&
        !messages?.some((m) => m.role === 'user' && m.content === pending && m.runId === liveRunId) ? (
          <li className="message user" data-role="user">
            <div className="who">You · sending</div>
            <div className="content">{pending}</div>
          </li>
        ) : null}
      </ol>
      {liveRunId ? <LiveRun runId={liveRunId} onEnded={onEnded} /> : null}
      <ErrorNote error={error} />
      <form className="composer" onSubmit={(e) => void send(e)}>
        <label htmlFor="message">Message</label>
        <textarea
          id="message"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          rows={3}
          placeholder="Ask Chorus something; Ctrl+Enter sends"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit()
          }}
        />
        <label className="check">
          <input type="checkbox" checked={askApproval} onChange={(e) => setAskApproval(e.target.checked)} />
          Ask me to approve the plan before it runs
        </label>
        <button type="submit" disabled={sending || draft.trim() === ''}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </form>
    </section>
  )
}

/** Chats: the tenant's conversations beside the open one. */
export const ChatsPage = ({ chatId }: { chatId?: string }) => {
  const [chats, setChats] = useState<ChatSummary[]>()
  const [error, setError] = useState<unknown>()
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    void generation
    must(api.GET('/chats', { params: { query: { limit: 50 } } })).then(
      (page) => setChats(page.chats),
      setError,
    )
  }, [generation])
  const refresh = useCallback(() => setGeneration((n) => n + 1), [])
  return (
    <div className="chats">
      <nav className="chat-list panel" aria-label="Chats">
        <h1>Chats</h1>
        <button type="button" onClick={() => navigate('/console/chats')} aria-pressed={!chatId}>
          New chat
        </button>
        <ErrorNote error={error} />
        {chats === undefined && !error ? <Loading what="chats" /> : null}
        <ul>
          {(chats ?? []).map((chat) => (
            <li key={chat.chatId}>
              <Link
                to={`/console/chats/${chat.chatId}`}
                aria-current={chat.chatId === chatId ? 'page' : undefined}
              >
                {chat.title ?? chat.chatId}
              </Link>
              <span className="muted">
                <Time at={chat.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      </nav>
      <Conversation chatId={chatId} onChatCreated={refresh} />
    </div>
  )
}
