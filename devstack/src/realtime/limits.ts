/**
 * Limits with Supabase Realtime's defaults (config/runtime.exs, Tenant schema) and error messages.
 * Supabase counts events per tenant; devstack counts them per connection, so one misbehaving client
 * is cut off without its neighbours noticing.
 */
export const LIMITS = {
  /** Cowboy `max_frame_size` of the Realtime endpoint: bigger frames close the socket (1009). */
  maxFrameBytes: 5_000_000,
  /** `max_payload_size_in_kb` 3000 plus Realtime's 500-byte padding. */
  maxPayloadBytes: 3000 * 1000 + 500,
  /** TENANT_MAX_EVENTS_PER_SECOND. */
  maxEventsPerSecond: 100,
  /** TENANT_MAX_CHANNELS_PER_CLIENT. */
  maxChannelsPerClient: 100,
  /** TENANT_MAX_JOINS_PER_SECOND. */
  maxJoinsPerSecond: 100,
  /** CLIENT_PRESENCE_MAX_CALLS per CLIENT_PRESENCE_WINDOW_MS. */
  presenceMaxCalls: 5,
  presenceWindowMs: 30_000,
  /** How often a channel re-checks its token (Realtime's @confirm_token_ms_interval). */
  confirmTokenMs: 5 * 60_000,
  /** Phoenix closes a socket that sent nothing (not even a heartbeat) for this long. */
  idleTimeoutMs: 60_000,
  /** A consumer this far behind is cut off instead of growing the server's memory. */
  maxBufferedBytes: 32 * 1024 * 1024,
};

export const ERRORS = {
  tooManyMessages: 'Too many messages per second',
  tooManyChannels: 'ChannelRateLimitReached: Too many channels',
  tooManyJoins: 'ClientJoinRateLimitReached: Too many joins per second',
  presenceRate: 'Client presence rate limit exceeded',
  trackSize: 'Track message size exceeded',
  topicRequired: 'TopicNameRequired: You must provide a topic name',
};

/**
 * Token bucket: `rate` tokens per second, at most `burst` saved up. `take()` is false when empty;
 * `debt` counts refused takes per second so a flooding client can be told apart from a noisy one.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private windowStart = 0;
  /** Takes refused during the current second. */
  debt = 0;
  readonly rate: number;
  readonly burst: number;
  constructor(rate: number, burst: number) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
  }
  take(n = 1): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= n) {
      this.tokens -= n;
      return true;
    }
    if (now - this.windowStart > 1000) {
      this.windowStart = now;
      this.debt = 0;
    }
    this.debt += n;
    return false;
  }
}

/** Realtime's client presence window: at most `max` presence calls per `windowMs`. */
export class WindowCounter {
  private count = 0;
  private resetAt = 0;
  readonly max: number;
  readonly windowMs: number;
  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
  }
  hit(): boolean {
    const now = Date.now();
    if (now > this.resetAt) {
      this.count = 1;
      this.resetAt = now + this.windowMs;
      return true;
    }
    if (this.count >= this.max) return false;
    this.count++;
    return true;
  }
}
