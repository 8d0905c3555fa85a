import { useEffect, useRef, useSyncExternalStore } from 'react'
import { getSession, setSession, subscribeSession } from './api/session.ts'
import { signOutOfCognito } from './auth/cognito.ts'
import { Link, navigate, useLocation } from './router.tsx'
import { ChatsPage } from './views/chats-page.tsx'
import { DeadLettersPage } from './views/dead-letters-page.tsx'
import { PromptsPage } from './views/prompts-page.tsx'
import { ReplaysPage } from './views/replays-page.tsx'
import { RunPage } from './views/run-page.tsx'
import { RunsPage } from './views/runs-page.tsx'
import { SignIn } from './views/sign-in.tsx'
import { TeamsPage } from './views/teams-page.tsx'
import { TriggersPage } from './views/triggers-page.tsx'

const SECTIONS = [
  { path: '/console/chats', label: 'Chats' },
  { path: '/console/runs', label: 'Runs' },
  { path: '/console/teams', label: 'Teams' },
  { path: '/console/prompts', label: 'Prompts' },
  { path: '/console/triggers', label: 'Triggers' },
  { path: '/console/replays', label: 'Replays' },
  { path: '/console/dead-letters', label: 'Dead letters' },
] as const

/** The view of a path under /console/, or undefined for none. */
const viewOf = (path: string, search: string) => {
  const [, , section, id] = path.split('/').map(decodeURIComponent)
  if (section === 'chats') return <ChatsPage chatId={id} />
  if (section === 'runs' && id) return <RunPage runId={id} />
  if (section === 'runs') return <RunsPage search={search} />
  if (section === 'teams') return <TeamsPage name={id} search={search} />
  if (section === 'prompts') return <PromptsPage search={search} />
  if (section === 'triggers') return <TriggersPage name={id} search={search} />
  if (section === 'replays') return <ReplaysPage name={id} search={search} />
  if (section === 'dead-letters') return <DeadLettersPage />
  return undefined
}

/** The console: sign-in first, then the sections, with the tenant always in view. */
export const App = () => {
  const session = useSyncExternalStore(subscribeSession, getSession)
  const location = useLocation()
  const main = useRef<HTMLElement>(null)
  const url = new URL(location, window.location.origin)
  const view = viewOf(url.pathname, url.search)

  // The query goes along: on the way back from Cognito it carries the code and state the sign-in reads.
  useEffect(() => {
    if (!view && /^\/(console\/?)?$/.test(url.pathname))
      navigate(`/console/chats${url.search}`, { replace: true })
  }, [view, url.pathname, url.search])
  // After a navigation, focus goes to the new view, as a page load would put it.
  useEffect(() => {
    void location
    main.current?.focus({ preventScroll: true })
  }, [location])

  if (!session) return <SignIn />
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Chorus</span>
        <nav aria-label="Sections">
          {SECTIONS.map((section) => (
            <Link
              key={section.path}
              to={section.path}
              aria-current={url.pathname.startsWith(section.path) ? 'page' : undefined}
            >
              {section.label}
            </Link>
          ))}
          <a href="/reference" target="_blank" rel="noreferrer">
            API reference
          </a>
        </nav>
        <span className="tenant" data-testid="tenant">
          tenant <strong>{session.tenantId}</strong>
        </span>
        <button
          type="button"
          onClick={() => {
            setSession(undefined)
            if (session.via === 'cognito') void signOutOfCognito()
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {view ?? <p>Nothing here. Try the Chats or Runs section.</p>}
      </main>
    </>
  )
}
