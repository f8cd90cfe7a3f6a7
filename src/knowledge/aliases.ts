import { z } from 'zod';

/**
 * Aliases are data (knowledge/aliases.json), not code: each group lists names that
 * mean the same thing (AMLO ↔ López Obrador, CJNG ↔ Jalisco Nueva Generación,
 * car ↔ vehicle). A passage that mentions any member is found by a query that names any other.
 */
export const AliasFile = z
  .object({
    groups: z.array(z.array(z.string().trim().min(1)).min(2, 'an alias group needs at least two names')),
  })
  .strict();
export type AliasFile = z.infer<typeof AliasFile>;
