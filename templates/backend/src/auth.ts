// Bearer tokens: HS256-signed JWTs whose subject is the user's id; the secret comes from the environment.
// The secret is made a KeyObject once: given a string, jsonwebtoken first tries to read it as a public key on
// every call (~0.7 ms of CPU a request); given a secret KeyObject it only checks the HMAC (~20 µs).
import { createSecretKey, type KeyObject } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import jwt from "jsonwebtoken";

declare module "express-serve-static-core" {
  interface Request {
    userId?: string;
  }
}

/** The HMAC key for a secret. */
export const secretKey = (secret: string | KeyObject): KeyObject => (typeof secret === "string" ? createSecretKey(Buffer.from(secret, "utf8")) : secret);

/** Sign a token for a user (tests, scripts/issue-token.mjs). */
export function signToken(userId: string, secret: string | KeyObject, expiresIn: jwt.SignOptions["expiresIn"] = "1h"): string {
  return jwt.sign({}, secretKey(secret), { subject: userId, algorithm: "HS256", expiresIn });
}

/** How many verified tokens a process remembers (a client sends the same token on every request). */
const VERIFIED_MAX = 10_000;

/**
 * Require a valid bearer token, HS256 only (no `none`, no key confusion); 401 otherwise. A token verified once is
 * remembered until it expires (its exact text, with its subject): the next requests that carry it skip the base64,
 * JSON and HMAC work (about a tenth of a cached list's CPU), and its expiry is still checked on every request.
 */
export function requireAuth(secret: string) {
  const key = secretKey(secret);
  const verified = new Map<string, { sub: string; expiresAt: number }>();
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header || !header.startsWith("Bearer ")) return res.status(401).json({ error: "missing bearer token" });
    const known = verified.get(header);
    if (known && known.expiresAt > Date.now()) {
      req.userId = known.sub;
      return next();
    }
    if (known) verified.delete(header);
    try {
      const payload = jwt.verify(header.slice(7), key, { algorithms: ["HS256"] });
      if (typeof payload === "string" || !payload.sub) return res.status(401).json({ error: "token has no subject" });
      // Only tokens that expire (jsonwebtoken compares whole seconds: valid while now < exp).
      if (typeof payload.exp === "number" && payload.nbf === undefined) {
        if (verified.size >= VERIFIED_MAX) verified.clear();
        verified.set(header, { sub: payload.sub, expiresAt: payload.exp * 1000 });
      }
      req.userId = payload.sub;
      next();
    } catch {
      res.status(401).json({ error: "invalid or expired token" });
    }
  };
}
