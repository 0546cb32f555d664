// @ts-check
// The floor: a plain Express handler over a plain pg Pool, the least work each request can do,
// on the very express and pg the app runs on (the same catalog versions).
import express from "express";
import { insertInvitation, pool, selectUser } from "./floor-work.mjs";
import { serve } from "./serve.mjs";

const app = express();
app.get("/healthz", (_req, res) => void res.json({ ok: true }));

app.get("/me/:id", async (req, res) => {
  res.json(await selectUser(req.params.id));
});

app.post("/invite", express.json(), async (req, res) => {
  try {
    res.json(await insertInvitation(req.body.email, req.body.adminId, req.ip));
  } catch (error) {
    res.status(500).json({ error: String(error) });
  }
});

serve(app, () => pool.end());
