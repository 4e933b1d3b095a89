// The benchmark's references, in a process of their own: a bare Express "hello" and a bare `SELECT 1` on a pg
// pool of the same size as the app's. What the app adds (auth, validation, rate limit, cache, JSON) is measured
// against these on the same machine in the same run. Started by scripts/bench.mjs.
import express from "express";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 20) });
const app = express();
app.disable("x-powered-by");
app.get("/hello", (_req, res) => res.send("hello"));
app.get("/select1", async (_req, res, next) => {
  try {
    const { rows } = await pool.query("SELECT 1 AS one");
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});
const server = app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("reference listening"));
process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
