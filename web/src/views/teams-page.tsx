import { useEffect, useState } from 'react'
import { api, must, type TeamRecord } from '../api/client.ts'
import { Link, navigate } from '../router.tsx'
import { ErrorNote, Facts, Json, Loading, Time, VersionLinks } from '../ui.tsx'
import { TeamForm } from './team-form.tsx'

/** The route of a team: its latest version, one version (`?version=n`), or its form (`?edit`). */
const teamPath = (name: string, query = '') => `/console/teams/${encodeURIComponent(name)}${query}`

/** One team: a version of its definition, links to every version, and Edit (a new version). */
const TeamPanel = ({ name, version, editing }: { name: string; version?: number; editing: boolean }) => {
  const [latest, setLatest] = useState<TeamRecord>()
  const [shown, setShown] = useState<TeamRecord>()
  const [error, setError] = useState<unknown>()
  const [saved, setSaved] = useState<number>()
  useEffect(() => {
    void editing // back from the form: read the version it saved
    setError(undefined)
    setShown(undefined)
    const path = { path: { name } }
    must(api.GET('/teams/{name}', { params: path }))
      .then(async (last) => {
        setLatest(last)
        setShown(
          version && version !== last.version
            ? await must(api.GET('/teams/{name}', { params: { ...path, query: { version } } }))
            : last,
        )
      })
      .catch(setError)
  }, [name, version, editing])

  if (error) return <ErrorNote error={error} />
  if (!latest || !shown) return <Loading what={`team ${name}`} />
  if (editing)
    return (
      <section className="panel" aria-labelledby="team-heading">
        <h2 id="team-heading">
          Edit {latest.name} <span className="muted">(saves version {latest.version + 1})</span>
        </h2>
        <TeamForm
          team={latest}
          onSaved={(record) => {
            setSaved(record.version)
            navigate(teamPath(record.name))
          }}
          onCancel={() => navigate(teamPath(name))}
        />
      </section>
    )
  return (
    <section className="panel" aria-labelledby="team-heading">
      <header className="page-head">
        <h2 id="team-heading">
          {shown.name} <span className="muted">v{shown.version}</span>
          {shown.version !== latest.version ? (
            <span className="muted"> (latest is v{latest.version})</span>
          ) : null}
        </h2>
        <Link className="button" to={teamPath(name, '?edit')}>
          Edit team
        </Link>
      </header>
      {saved ? (
        <p aria-live="polite" data-testid="team-saved">
          Saved version {saved}.
        </p>
      ) : null}
      <VersionLinks
        name={name}
        latest={latest.version}
        shown={shown.version}
        pathOf={(query) => teamPath(name, query)}
      />
      <Facts
        items={[
          ['shape', shown.definition.shape],
          ['description', shown.definition.description],
          ['tools', shown.definition.tools.length ? shown.definition.tools.join(', ') : 'none'],
          ['saved', <Time key="t" at={shown.createdAt} />],
        ]}
      />
      <Json value={shown.definition} label={`definition of ${shown.name} v${shown.version}`} />
    </section>
  )
}

/** Teams: the latest version of each; one team with its versions; a new team or a new version, checked by the API. */
export const TeamsPage = ({ name, search }: { name?: string; search: string }) => {
  const query = new URLSearchParams(search)
  const creating = !name && query.has('new')
  const [teams, setTeams] = useState<TeamRecord[]>()
  const [error, setError] = useState<unknown>()
  const location = `${name ?? ''}${search}`
  useEffect(() => {
    void location
    must(api.GET('/teams')).then((list) => setTeams(list.teams), setError)
  }, [location])
  return (
    <article>
      <header className="page-head">
        <h1>Teams</h1>
        {!creating ? (
          <Link className="button" to="/console/teams?new">
            New team
          </Link>
        ) : null}
      </header>
      <ErrorNote error={error} />
      {creating ? (
        <section className="panel" aria-labelledby="new-team-heading">
          <h2 id="new-team-heading">New team</h2>
          <TeamForm
            onSaved={(saved) => navigate(teamPath(saved.name))}
            onCancel={() => navigate('/console/teams')}
          />
        </section>
      ) : null}
      {name ? (
        <TeamPanel
          key={name}
          name={name}
          version={Number(query.get('version')) || undefined}
          editing={query.has('edit')}
        />
      ) : null}
      {!teams && !error ? <Loading what="teams" /> : null}
      <div className="table-wrap">
        <table aria-label="Teams">
          <thead>
            <tr>
              <th scope="col">team</th>
              <th scope="col">version</th>
              <th scope="col">shape</th>
              <th scope="col">description</th>
              <th scope="col">saved</th>
            </tr>
          </thead>
          <tbody>
            {(teams ?? []).map((team) => (
              <tr key={team.name}>
                <td>
                  <Link to={teamPath(team.name)} aria-current={team.name === name ? 'page' : undefined}>
                    {team.name}
                  </Link>
                </td>
                <td>{team.version}</td>
                <td>{team.definition.shape}</td>
                <td className="clip">{team.definition.description}</td>
                <td>
                  <Time at={team.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  )
}
