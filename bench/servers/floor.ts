// The floor: a plain Express handler over a plain pg Pool, the least work each request can do.
// It uses the very express and pg the app runs on.
import { createServer } from "node:http";
import { listenOnLoopback, serveParent } from "../lib/child.ts";
import { insertInvitation, pool, requireFrom, selectUser } from "./floor-work.ts";

const express = requireFrom("apps/server")("express");

const app = express();
// Loaded with require (no types at the root): the handlers' parameters are typed by hand.
type Req = { params: Record<string, string>; body: { email: string; adminId: string }; ip?: string };
type Res = { json(body: unknown): void; status(code: number): Res };

app.get("/me/:id", async (req: Req, res: Res) => {
  res.json(await selectUser(req.params.id!));
});

app.post("/invite", express.json(), async (req: Req, res: Res) => {
  try {
    res.json(await insertInvitation(req.body.email, req.body.adminId, req.ip));
  } catch (error) {
    res.status(500).json({ error: String(error) });
  }
});

const server = createServer(app);
serveParent(await listenOnLoopback(server), () => pool.end());
