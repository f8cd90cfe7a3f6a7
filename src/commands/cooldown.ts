/** Per-user rate limit: one use per `seconds`. Memory stays bounded by forgetting users whose cooldown has passed. */
export class Cooldown {
  private readonly lastUse = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds left before `userId` may use it again, or 0 (and the use is recorded). */
  take(userId: string): number {
    const now = this.now();
    const windowMs = this.seconds * 1000;
    const last = this.lastUse.get(userId);
    if (last !== undefined && now - last < windowMs) return Math.ceil((windowMs - (now - last)) / 1000);
    this.lastUse.set(userId, now);
    if (this.lastUse.size > 10_000) {
      for (const [user, time] of this.lastUse) if (now - time >= windowMs) this.lastUse.delete(user);
    }
    return 0;
  }
}
