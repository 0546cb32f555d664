import { useState, type FormEvent } from 'react'
import { getErrorReason, getFieldErrors } from '@invite/client'
import { client, type Me } from './api.ts'
import { ErrorNote } from './ErrorNote.tsx'

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const { user } = await client.auth.signIn.mutate({ email, password })
      onSignedIn(user)
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  const fields = getFieldErrors(error)
  // A wrong password and a refused one read differently; everything else says what the server said.
  const reason = getErrorReason(error)
  return (
    <form className="card" onSubmit={submit} noValidate>
      <h1>Sign in</h1>
      <label>
        Email
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      {fields.email && <p className="field-error">{fields.email}</p>}
      <label>
        Password
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {reason !== 'VALIDATION_FAILED' && <ErrorNote error={error} />}
      {reason === 'INVALID_CREDENTIALS' && <p className="hint">Check the email and the password, then try again.</p>}
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
