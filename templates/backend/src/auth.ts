// Bearer tokens: HS256-signed JWTs whose subject is the user's id; the secret comes from the environment.
import type { NextFunction, Request, Response } from "express";
import jwt from "jsonwebtoken";

declare module "express-serve-static-core" {
  interface Request {
    userId?: string;
  }
}

/** Sign a token for a user (tests, scripts/issue-token.mjs). */
export function signToken(userId: string, secret: string, expiresIn: jwt.SignOptions["expiresIn"] = "1h"): string {
  return jwt.sign({}, secret, { subject: userId, algorithm: "HS256", expiresIn });
}

/** Require a valid bearer token; 401 otherwise. */
export function requireAuth(secret: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer (.+)$/.exec(req.get("authorization") ?? "");
    if (!match) return res.status(401).json({ error: "missing bearer token" });
    try {
      const payload = jwt.verify(match[1], secret, { algorithms: ["HS256"] });
      if (typeof payload === "string" || !payload.sub) return res.status(401).json({ error: "token has no subject" });
      req.userId = payload.sub;
      next();
    } catch {
      res.status(401).json({ error: "invalid or expired token" });
    }
  };
}
