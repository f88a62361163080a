'use client';

import { createContext, useContext } from 'react';
import type { ChatMessage } from '@/lib/chat/messages';
import type { ReactionIndex } from '@/lib/chat/reactions';

/**
 * What every rendered message needs besides its row: who is looking, names, reactions, and the
 * actions. Provided once by ChannelView instead of being threaded through the virtualized list.
 */
export type MessageContextValue = {
  currentUserId: string;
  names: Readonly<Record<string, string>>;
  reactions: ReactionIndex;
  /** Admins and owners may delete other people's messages. */
  canModerate: boolean;
  /** Members can react, reply and edit; previewers only read. */
  canPost: boolean;
  /** The message whose inline editor is open, and where (an also-in-channel reply shows in both lists). */
  editing: { id: string; inThread: boolean } | null;
  /** The open thread's root. */
  openThreadId: string | null;
  startEdit: (message: ChatMessage, inThread: boolean) => void;
  cancelEdit: () => void;
  /** Resolves to an error message to show in the editor, or null when saved. */
  saveEdit: (message: ChatMessage, body: string) => Promise<string | null>;
  requestDelete: (message: ChatMessage) => void;
  toggleReaction: (message: ChatMessage, emoji: string) => void;
  openThread: (rootId: string) => void;
  retry: (message: ChatMessage) => void;
};

const MessageContext = createContext<MessageContextValue | null>(null);

export const MessageContextProvider = MessageContext.Provider;

export function useMessageContext(): MessageContextValue {
  const value = useContext(MessageContext);
  if (!value) throw new Error('useMessageContext must be used inside MessageContextProvider');
  return value;
}
