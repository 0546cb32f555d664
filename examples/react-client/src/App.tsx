import { useCallback, useEffect, useState } from 'react'
import { client, type Me } from './api.ts'
import { ErrorNote } from './ErrorNote.tsx'
import { Invitations } from './Invitations.tsx'
import { SignIn } from './SignIn.tsx'

export default function App() {
  // undefined: not asked yet; null: nobody is signed in.
  const [me, setMe] = useState<Me | null | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    client.auth.me.query().then(setMe, setError)
  }, [])
  const signedOut = useCallback(() => setMe(null), [])

  if (error) return <main className="page"><ErrorNote error={error} /></main>
  if (me === undefined) return <main className="page"><p>Loading…</p></main>
  if (me === null) return <main className="page"><SignIn onSignedIn={setMe} /></main>
  return <Invitations me={me} onSignedOut={signedOut} />
}
