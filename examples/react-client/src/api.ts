import { createInviteClient, type RouterOutputs } from '@invite/client'

/** One client for the app: /trpc on this origin (vite.config.ts proxies it to the API). */
export const client = createInviteClient({ url: '/trpc' })

/** Who is signed in, as `auth.me` answers (null: nobody). */
export type Me = NonNullable<RouterOutputs['auth']['me']>

/** An invitation as `invitation.list` lists it. */
export type Invitation = RouterOutputs['invitation']['list']['items'][number]
