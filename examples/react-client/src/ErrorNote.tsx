import { getErrorMessage, getErrorReason } from '@invite/client'

/**
 * A failure as a person reads it: the API's own sentence for its reason (or a plain one when
 * the server could not be reached), with the machine-readable reason beside it.
 */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null
  const reason = getErrorReason(error)
  return (
    <p className="error" role="alert" data-reason={reason ?? 'NONE'}>
      {getErrorMessage(error)}
      {reason && <code>{reason}</code>}
    </p>
  )
}
