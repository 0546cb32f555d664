/**
 * The enums the API's answers carry, as plain const objects (`Role.ADMIN`) and string unions
 * (`Role`): the same shape as Prisma's, so the API's outputs are typed from here and a
 * client's declarations need neither Prisma nor zod. Each must equal the Prisma schema's
 * enum of the same name (packages/api/test/enums.unit.test.ts).
 */
export const Role = { ADMIN: "ADMIN", MEMBER: "MEMBER" } as const;
export type Role = (typeof Role)[keyof typeof Role];

export const InvitationStatus = { PENDING: "PENDING", ACCEPTED: "ACCEPTED", REVOKED: "REVOKED", EXPIRED: "EXPIRED" } as const;
export type InvitationStatus = (typeof InvitationStatus)[keyof typeof InvitationStatus];

export const DeliveryStatus = { QUEUED: "QUEUED", SENT: "SENT", FAILED: "FAILED" } as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

export const Registration = { INVITE_ONLY: "INVITE_ONLY", OPEN: "OPEN" } as const;
export type Registration = (typeof Registration)[keyof typeof Registration];
