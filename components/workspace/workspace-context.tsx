'use client';

import { createContext, useContext } from 'react';
import type { PresenceStatus } from '@/hooks/use-presence';
import type { SidebarChannel } from '@/lib/data/channels';
import type { Enums } from '@/lib/supabase/database.types';

export type WorkspaceContextValue = {
  workspace: { id: string; slug: string; name: string };
  role: Enums<'workspace_role'> | null;
  userId: string;
  channels: SidebarChannel[];
  dms: SidebarChannel[];
  /** False until the browser has loaded every channel (the server renders only a first page). */
  sidebarComplete: boolean;
  statusOf: (userId: string) => PresenceStatus;
  myStatus: 'online' | 'away';
  setMyStatus: (status: 'online' | 'away') => void;
  /** Refetches the sidebar (after creating, joining or leaving a channel). */
  refreshSidebar: () => Promise<void>;
  openDialog: (dialog: WorkspaceDialog) => void;
};

export type WorkspaceDialog = 'create-channel' | 'browse-channels' | 'new-message' | 'invite' | 'switcher';

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/** The workspace shell's state, for components rendered inside it (channel header, dialogs). */
export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace() must be used inside the workspace shell');
  return value;
}

/** Like useWorkspace(), but null outside the shell (components that also render elsewhere). */
export function useOptionalWorkspace(): WorkspaceContextValue | null {
  return useContext(WorkspaceContext);
}
