/** The mock's own origin as the client addressed it (`http://127.0.0.1:8081`), for the links an upstream hands out. */
import type { Request } from 'express';

export function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
