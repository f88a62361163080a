import type { RealtimeChannel, RealtimeChannelOptions } from '@supabase/supabase-js';

/** The part of a Supabase client this needs (typed database clients differ only in their schema). */
type RealtimeCapable = {
  realtime: { setAuth(): Promise<void> };
  channel(topic: string, opts?: RealtimeChannelOptions): RealtimeChannel;
  removeChannel(channel: RealtimeChannel): Promise<unknown>;
};

/**
 * Opens a private Realtime channel for an effect and returns the effect's cleanup. The socket gets the
 * user's token first (a private join with only the publishable key is refused); `setup` binds the
 * handlers and subscribes, and may ask `isOpen()` in late callbacks whether the effect still stands.
 */
export function openPrivateChannel(
  supabase: RealtimeCapable,
  topic: string,
  config: Omit<NonNullable<RealtimeChannelOptions['config']>, 'private'>,
  setup: (channel: RealtimeChannel, isOpen: () => boolean) => void,
  label: string,
): () => void {
  let open = true;
  let channel: RealtimeChannel | null = null;
  (async () => {
    try {
      await supabase.realtime.setAuth();
    } catch (error) {
      console.warn(`[${label}] setAuth failed`, error);
    }
    if (!open) return;
    channel = supabase.channel(topic, { config: { ...config, private: true } });
    setup(channel, () => open);
  })();
  return () => {
    open = false;
    if (channel) void supabase.removeChannel(channel);
  };
}
