import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { getErrorReason, getFieldErrors, Role } from '@invite/client'
import { client, type Invitation, type Me } from './api.ts'
import { ErrorNote } from './ErrorNote.tsx'

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })

export function Invitations({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const [items, setItems] = useState<Invitation[] | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)

  const load = useCallback(async () => {
    try {
      const page = await client.invitation.list.query({ limit: 20 })
      setItems(page.items)
      setLoadError(null)
    } catch (error) {
      // The session ended (expired, or signed out elsewhere): back to the sign-in form.
      if (getErrorReason(error) === 'UNAUTHENTICATED') onSignedOut()
      else setLoadError(error)
    }
  }, [onSignedOut])

  useEffect(() => {
    void load()
  }, [load])

  async function signOut() {
    await client.auth.signOut.mutate()
    onSignedOut()
  }

  return (
    <main className="page">
      <header>
        <span>
          Signed in as <strong>{me.name}</strong> ({me.email})
        </span>
        <button type="button" className="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <InviteForm onInvited={load} />
      <section className="card">
        <h2>Invitations</h2>
        <ErrorNote error={loadError} />
        {items === null && !loadError && <p>Loading…</p>}
        {items?.length === 0 && <p>No invitations yet.</p>}
        {items && items.length > 0 && (
          <ul className="invitations">
            {items.map((invitation) => (
              <li key={invitation.id}>
                <span className="email">{invitation.email}</span>
                <span className="role">{invitation.role === Role.ADMIN ? 'Admin' : 'Member'}</span>
                <span className={`status status-${invitation.status.toLowerCase()}`}>{invitation.status}</span>
                <span className="expires">expires {dateTime.format(invitation.expiresAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  )
}

function InviteForm({ onInvited }: { onInvited: () => Promise<void> }) {
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>(Role.MEMBER)
  const [error, setError] = useState<unknown>(null)
  const [sent, setSent] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    setSent(null)
    try {
      const { invitation } = await client.invitation.create.mutate({ email, role })
      setSent(invitation.email)
      setEmail('')
      await onInvited()
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  const fields = getFieldErrors(error)
  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>Invite someone</h2>
      <div className="row">
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value === Role.ADMIN ? Role.ADMIN : Role.MEMBER)}>
            <option value={Role.MEMBER}>Member</option>
            <option value={Role.ADMIN}>Admin</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send invitation'}
        </button>
      </div>
      {fields.email && <p className="field-error">{fields.email}</p>}
      <ErrorNote error={error} />
      {getErrorReason(error) === 'ALREADY_MEMBER' && <p className="hint">They can sign in already; nothing was sent.</p>}
      {sent && <p className="ok" role="status">Invitation sent to {sent}.</p>}
    </form>
  )
}
