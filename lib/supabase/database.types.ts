export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  graphql_public: {
    Tables: {
      [_ in never]: never
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      [_ in never]: never
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
  public: {
    Tables: {
      attachments: {
        Row: {
          bucket_id: string
          channel_id: string
          created_at: string
          file_name: string
          id: string
          message_id: string | null
          mime_type: string
          object_path: string
          size_bytes: number
          uploader_id: string | null
          workspace_id: string
        }
        Insert: {
          bucket_id?: string
          channel_id: string
          created_at?: string
          file_name: string
          id?: string
          message_id?: string | null
          mime_type: string
          object_path: string
          size_bytes: number
          uploader_id?: string | null
          workspace_id: string
        }
        Update: {
          bucket_id?: string
          channel_id?: string
          created_at?: string
          file_name?: string
          id?: string
          message_id?: string | null
          mime_type?: string
          object_path?: string
          size_bytes?: number
          uploader_id?: string | null
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "attachments_channel_id_workspace_id_fkey"
            columns: ["channel_id", "workspace_id"]
            isOneToOne: false
            referencedRelation: "channels"
            referencedColumns: ["id", "workspace_id"]
          },
          {
            foreignKeyName: "attachments_message_id_channel_id_fkey"
            columns: ["message_id", "channel_id"]
            isOneToOne: false
            referencedRelation: "messages"
            referencedColumns: ["id", "channel_id"]
          },
          {
            foreignKeyName: "attachments_uploader_id_fkey"
            columns: ["uploader_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      audit_log: {
        Row: {
          action: string
          actor_id: string | null
          created_at: string
          details: NonNullable<Json>
          id: number
          target_id: string | null
          target_user_id: string | null
          workspace_id: string
        }
        Insert: {
          action: string
          actor_id?: string | null
          created_at?: string
          details?: NonNullable<Json>
          id?: never
          target_id?: string | null
          target_user_id?: string | null
          workspace_id: string
        }
        Update: {
          action?: string
          actor_id?: string | null
          created_at?: string
          details?: NonNullable<Json>
          id?: never
          target_id?: string | null
          target_user_id?: string | null
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "audit_log_actor_id_fkey"
            columns: ["actor_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "audit_log_target_user_id_fkey"
            columns: ["target_user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "audit_log_workspace_id_fkey"
            columns: ["workspace_id"]
            isOneToOne: false
            referencedRelation: "workspaces"
            referencedColumns: ["id"]
          },
        ]
      }
      channel_members: {
        Row: {
          channel_id: string
          joined_at: string
          last_read_seq: number
          notification_level: Database["public"]["Enums"]["notification_level"]
          user_id: string
          workspace_id: string
        }
        Insert: {
          channel_id: string
          joined_at?: string
          last_read_seq?: number
          notification_level?: Database["public"]["Enums"]["notification_level"]
          user_id: string
          workspace_id: string
        }
        Update: {
          channel_id?: string
          joined_at?: string
          last_read_seq?: number
          notification_level?: Database["public"]["Enums"]["notification_level"]
          user_id?: string
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "channel_members_channel_id_workspace_id_fkey"
            columns: ["channel_id", "workspace_id"]
            isOneToOne: false
            referencedRelation: "channels"
            referencedColumns: ["id", "workspace_id"]
          },
          {
            foreignKeyName: "channel_members_workspace_id_user_id_fkey"
            columns: ["workspace_id", "user_id"]
            isOneToOne: false
            referencedRelation: "workspace_members"
            referencedColumns: ["workspace_id", "user_id"]
          },
        ]
      }
      channels: {
        Row: {
          archived_at: string | null
          created_at: string
          created_by: string | null
          dm_key: string | null
          id: string
          is_default: boolean
          kind: Database["public"]["Enums"]["channel_kind"]
          last_seq: number
          name: string | null
          topic: string | null
          updated_at: string
          workspace_id: string
        }
        Insert: {
          archived_at?: string | null
          created_at?: string
          created_by?: string | null
          dm_key?: string | null
          id?: string
          is_default?: boolean
          kind: Database["public"]["Enums"]["channel_kind"]
          last_seq?: number
          name?: string | null
          topic?: string | null
          updated_at?: string
          workspace_id: string
        }
        Update: {
          archived_at?: string | null
          created_at?: string
          created_by?: string | null
          dm_key?: string | null
          id?: string
          is_default?: boolean
          kind?: Database["public"]["Enums"]["channel_kind"]
          last_seq?: number
          name?: string | null
          topic?: string | null
          updated_at?: string
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "channels_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "channels_workspace_id_fkey"
            columns: ["workspace_id"]
            isOneToOne: false
            referencedRelation: "workspaces"
            referencedColumns: ["id"]
          },
        ]
      }
      mentions: {
        Row: {
          channel_id: string
          created_at: string
          message_id: string
          seq: number
          user_id: string
          workspace_id: string
        }
        Insert: {
          channel_id: string
          created_at?: string
          message_id: string
          seq: number
          user_id: string
          workspace_id: string
        }
        Update: {
          channel_id?: string
          created_at?: string
          message_id?: string
          seq?: number
          user_id?: string
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "mentions_channel_id_workspace_id_fkey"
            columns: ["channel_id", "workspace_id"]
            isOneToOne: false
            referencedRelation: "channels"
            referencedColumns: ["id", "workspace_id"]
          },
          {
            foreignKeyName: "mentions_message_id_channel_id_fkey"
            columns: ["message_id", "channel_id"]
            isOneToOne: false
            referencedRelation: "messages"
            referencedColumns: ["id", "channel_id"]
          },
          {
            foreignKeyName: "mentions_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      message_edits: {
        Row: {
          channel_id: string
          edited_at: string
          edited_by: string | null
          id: number
          message_id: string
          previous_body: string
          workspace_id: string
        }
        Insert: {
          channel_id: string
          edited_at?: string
          edited_by?: string | null
          id?: never
          message_id: string
          previous_body: string
          workspace_id: string
        }
        Update: {
          channel_id?: string
          edited_at?: string
          edited_by?: string | null
          id?: never
          message_id?: string
          previous_body?: string
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "message_edits_channel_id_workspace_id_fkey"
            columns: ["channel_id", "workspace_id"]
            isOneToOne: false
            referencedRelation: "channels"
            referencedColumns: ["id", "workspace_id"]
          },
          {
            foreignKeyName: "message_edits_edited_by_fkey"
            columns: ["edited_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "message_edits_message_id_channel_id_fkey"
            columns: ["message_id", "channel_id"]
            isOneToOne: false
            referencedRelation: "messages"
            referencedColumns: ["id", "channel_id"]
          },
        ]
      }
      messages: {
        Row: {
          also_in_channel: boolean
          author_id: string | null
          body: string
          channel_id: string
          client_id: string
          created_at: string
          deleted_at: string | null
          edited_at: string | null
          id: string
          in_public_channel: boolean
          last_reply_at: string | null
          parent_id: string | null
          reply_count: number
          search: unknown
          seq: number
          updated_at: string
          workspace_id: string
        }
        Insert: {
          also_in_channel?: boolean
          author_id?: string | null
          body: string
          channel_id: string
          client_id: string
          created_at?: string
          deleted_at?: string | null
          edited_at?: string | null
          id?: string
          in_public_channel?: boolean
          last_reply_at?: string | null
          parent_id?: string | null
          reply_count?: number
          search?: never
          seq: number
          updated_at?: string
          workspace_id: string
        }
        Update: {
          also_in_channel?: boolean
          author_id?: string | null
          body?: string
          channel_id?: string
          client_id?: string
          created_at?: string
          deleted_at?: string | null
          edited_at?: string | null
          id?: string
          in_public_channel?: boolean
          last_reply_at?: string | null
          parent_id?: string | null
          reply_count?: number
          search?: never
          seq?: number
          updated_at?: string
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "messages_author_id_fkey"
            columns: ["author_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "messages_channel_id_workspace_id_fkey"
            columns: ["channel_id", "workspace_id"]
            isOneToOne: false
            referencedRelation: "channels"
            referencedColumns: ["id", "workspace_id"]
          },
          {
            foreignKeyName: "messages_parent_id_channel_id_fkey"
            columns: ["parent_id", "channel_id"]
            isOneToOne: false
            referencedRelation: "messages"
            referencedColumns: ["id", "channel_id"]
          },
        ]
      }
      pins: {
        Row: {
          channel_id: string
          created_at: string
          message_id: string
          pinned_by: string | null
          workspace_id: string
        }
        Insert: {
          channel_id: string
          created_at?: string
          message_id: string
          pinned_by?: string | null
          workspace_id: string
        }
        Update: {
          channel_id?: string
          created_at?: string
          message_id?: string
          pinned_by?: string | null
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "pins_channel_id_workspace_id_fkey"
            columns: ["channel_id", "workspace_id"]
            isOneToOne: false
            referencedRelation: "channels"
            referencedColumns: ["id", "workspace_id"]
          },
          {
            foreignKeyName: "pins_message_id_channel_id_fkey"
            columns: ["message_id", "channel_id"]
            isOneToOne: false
            referencedRelation: "messages"
            referencedColumns: ["id", "channel_id"]
          },
          {
            foreignKeyName: "pins_pinned_by_fkey"
            columns: ["pinned_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      profiles: {
        Row: {
          avatar_path: string | null
          created_at: string
          display_name: string
          id: string
          status_emoji: string | null
          status_text: string | null
          time_zone: string | null
          updated_at: string
        }
        Insert: {
          avatar_path?: string | null
          created_at?: string
          display_name: string
          id: string
          status_emoji?: string | null
          status_text?: string | null
          time_zone?: string | null
          updated_at?: string
        }
        Update: {
          avatar_path?: string | null
          created_at?: string
          display_name?: string
          id?: string
          status_emoji?: string | null
          status_text?: string | null
          time_zone?: string | null
          updated_at?: string
        }
        Relationships: []
      }
      reactions: {
        Row: {
          channel_id: string
          created_at: string
          emoji: string
          message_id: string
          user_id: string
          workspace_id: string
        }
        Insert: {
          channel_id: string
          created_at?: string
          emoji: string
          message_id: string
          user_id: string
          workspace_id: string
        }
        Update: {
          channel_id?: string
          created_at?: string
          emoji?: string
          message_id?: string
          user_id?: string
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "reactions_channel_id_workspace_id_fkey"
            columns: ["channel_id", "workspace_id"]
            isOneToOne: false
            referencedRelation: "channels"
            referencedColumns: ["id", "workspace_id"]
          },
          {
            foreignKeyName: "reactions_message_id_channel_id_fkey"
            columns: ["message_id", "channel_id"]
            isOneToOne: false
            referencedRelation: "messages"
            referencedColumns: ["id", "channel_id"]
          },
          {
            foreignKeyName: "reactions_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      workspace_invites: {
        Row: {
          created_at: string
          created_by: string | null
          email: string | null
          expires_at: string
          id: string
          max_uses: number
          revoked_at: string | null
          role: Database["public"]["Enums"]["workspace_role"]
          token_hash: string
          use_count: number
          workspace_id: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          email?: string | null
          expires_at: string
          id?: string
          max_uses?: number
          revoked_at?: string | null
          role?: Database["public"]["Enums"]["workspace_role"]
          token_hash: string
          use_count?: number
          workspace_id: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          email?: string | null
          expires_at?: string
          id?: string
          max_uses?: number
          revoked_at?: string | null
          role?: Database["public"]["Enums"]["workspace_role"]
          token_hash?: string
          use_count?: number
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "workspace_invites_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "workspace_invites_workspace_id_fkey"
            columns: ["workspace_id"]
            isOneToOne: false
            referencedRelation: "workspaces"
            referencedColumns: ["id"]
          },
        ]
      }
      workspace_members: {
        Row: {
          created_at: string
          deactivated_at: string | null
          invited_by: string | null
          role: Database["public"]["Enums"]["workspace_role"]
          user_id: string
          workspace_id: string
        }
        Insert: {
          created_at?: string
          deactivated_at?: string | null
          invited_by?: string | null
          role?: Database["public"]["Enums"]["workspace_role"]
          user_id: string
          workspace_id: string
        }
        Update: {
          created_at?: string
          deactivated_at?: string | null
          invited_by?: string | null
          role?: Database["public"]["Enums"]["workspace_role"]
          user_id?: string
          workspace_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "workspace_members_invited_by_fkey"
            columns: ["invited_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "workspace_members_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "workspace_members_workspace_id_fkey"
            columns: ["workspace_id"]
            isOneToOne: false
            referencedRelation: "workspaces"
            referencedColumns: ["id"]
          },
        ]
      }
      workspaces: {
        Row: {
          created_at: string
          created_by: string | null
          id: string
          name: string
          settings: NonNullable<Json>
          slug: string
          updated_at: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          id?: string
          name: string
          settings?: NonNullable<Json>
          slug: string
          updated_at?: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          id?: string
          name?: string
          settings?: NonNullable<Json>
          slug?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "workspaces_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      accept_invite: { Args: { token: string }; Returns: string }
      add_channel_members: {
        Args: { channel_id: string; user_ids: string[] }
        Returns: number
      }
      change_member_role: {
        Args: {
          role: Database["public"]["Enums"]["workspace_role"]
          user_id: string
          workspace_id: string
        }
        Returns: {
          created_at: string
          deactivated_at: string | null
          invited_by: string | null
          role: Database["public"]["Enums"]["workspace_role"]
          user_id: string
          workspace_id: string
        }
        SetofOptions: {
          from: "*"
          to: "workspace_members"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      channel_unreads: {
        Args: Record<PropertyKey, never>
        Returns: {
          channel_id: string
          last_read_seq: number
          last_seq: number
          mention_count: number
          unread_count: number
          workspace_id: string
        }[]
      }
      create_channel: {
        Args: {
          kind?: Database["public"]["Enums"]["channel_kind"]
          name: string
          topic?: string
          workspace_id: string
        }
        Returns: {
          archived_at: string | null
          created_at: string
          created_by: string | null
          dm_key: string | null
          id: string
          is_default: boolean
          kind: Database["public"]["Enums"]["channel_kind"]
          last_seq: number
          name: string | null
          topic: string | null
          updated_at: string
          workspace_id: string
        }
        SetofOptions: {
          from: "*"
          to: "channels"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      create_invite: {
        Args: {
          email?: string
          expires_in?: string
          max_uses?: number
          role?: Database["public"]["Enums"]["workspace_role"]
          workspace_id: string
        }
        Returns: {
          expires_at: string
          invite_id: string
          token: string
        }[]
      }
      create_workspace: {
        Args: { name: string; slug: string }
        Returns: {
          created_at: string
          created_by: string | null
          id: string
          name: string
          settings: NonNullable<Json>
          slug: string
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "workspaces"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      deactivate_member: {
        Args: { deactivated?: boolean; user_id: string; workspace_id: string }
        Returns: {
          created_at: string
          deactivated_at: string | null
          invited_by: string | null
          role: Database["public"]["Enums"]["workspace_role"]
          user_id: string
          workspace_id: string
        }
        SetofOptions: {
          from: "*"
          to: "workspace_members"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      delete_message: {
        Args: { message_id: string }
        Returns: {
          also_in_channel: boolean
          author_id: string | null
          body: string
          channel_id: string
          client_id: string
          created_at: string
          deleted_at: string | null
          edited_at: string | null
          id: string
          in_public_channel: boolean
          last_reply_at: string | null
          parent_id: string | null
          reply_count: number
          search: unknown
          seq: number
          updated_at: string
          workspace_id: string
        }
        SetofOptions: {
          from: "*"
          to: "messages"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      edit_message: {
        Args: { body: string; message_id: string }
        Returns: {
          also_in_channel: boolean
          author_id: string | null
          body: string
          channel_id: string
          client_id: string
          created_at: string
          deleted_at: string | null
          edited_at: string | null
          id: string
          in_public_channel: boolean
          last_reply_at: string | null
          parent_id: string | null
          reply_count: number
          search: unknown
          seq: number
          updated_at: string
          workspace_id: string
        }
        SetofOptions: {
          from: "*"
          to: "messages"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      fetch_message_changes: {
        Args: {
          after_id?: string
          channel_id: string
          limit?: number
          since: string
        }
        Returns: {
          also_in_channel: boolean
          author_id: string | null
          body: string
          channel_id: string
          client_id: string
          created_at: string
          deleted_at: string | null
          edited_at: string | null
          id: string
          in_public_channel: boolean
          last_reply_at: string | null
          parent_id: string | null
          reply_count: number
          search: unknown
          seq: number
          updated_at: string
          workspace_id: string
        }[]
        SetofOptions: {
          from: "*"
          to: "messages"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      fetch_messages: {
        Args: {
          after_seq?: number
          before_seq?: number
          channel_id: string
          include_replies?: boolean
          limit?: number
        }
        Returns: {
          also_in_channel: boolean
          author_id: string | null
          body: string
          channel_id: string
          client_id: string
          created_at: string
          deleted_at: string | null
          edited_at: string | null
          id: string
          in_public_channel: boolean
          last_reply_at: string | null
          parent_id: string | null
          reply_count: number
          search: unknown
          seq: number
          updated_at: string
          workspace_id: string
        }[]
        SetofOptions: {
          from: "*"
          to: "messages"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      join_channel: {
        Args: { channel_id: string }
        Returns: {
          channel_id: string
          joined_at: string
          last_read_seq: number
          notification_level: Database["public"]["Enums"]["notification_level"]
          user_id: string
          workspace_id: string
        }
        SetofOptions: {
          from: "*"
          to: "channel_members"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      leave_channel: { Args: { channel_id: string }; Returns: undefined }
      list_thread: {
        Args: { after_seq?: number; limit?: number; message_id: string }
        Returns: {
          also_in_channel: boolean
          author_id: string | null
          body: string
          channel_id: string
          client_id: string
          created_at: string
          deleted_at: string | null
          edited_at: string | null
          id: string
          in_public_channel: boolean
          last_reply_at: string | null
          parent_id: string | null
          reply_count: number
          search: unknown
          seq: number
          updated_at: string
          workspace_id: string
        }[]
        SetofOptions: {
          from: "*"
          to: "messages"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      mark_read: { Args: { channel_id: string; seq: number }; Returns: number }
      open_dm: {
        Args: { user_ids: string[]; workspace_id: string }
        Returns: string
      }
      preview_invite: {
        Args: { token: string }
        Returns: {
          expires_at: string
          invited_by_name: string
          role: Database["public"]["Enums"]["workspace_role"]
          status: string
          workspace_name: string
          workspace_slug: string
        }[]
      }
      remove_member: {
        Args: { user_id: string; workspace_id: string }
        Returns: undefined
      }
      revoke_invite: { Args: { invite_id: string }; Returns: string }
      search_messages: {
        Args: {
          cursor?: string
          limit?: number
          query: string
          sort?: string
          workspace_id: string
        }
        Returns: {
          author_id: string
          channel_id: string
          created_at: string
          message_id: string
          next_cursor: string
          parent_id: string
          rank: number
          seq: number
          snippet: string
        }[]
      }
      send_message: {
        Args: {
          also_in_channel?: boolean
          attachment_ids?: string[]
          body: string
          channel_id: string
          client_id: string
          parent_id?: string
        }
        Returns: {
          also_in_channel: boolean
          author_id: string | null
          body: string
          channel_id: string
          client_id: string
          created_at: string
          deleted_at: string | null
          edited_at: string | null
          id: string
          in_public_channel: boolean
          last_reply_at: string | null
          parent_id: string | null
          reply_count: number
          search: unknown
          seq: number
          updated_at: string
          workspace_id: string
        }
        SetofOptions: {
          from: "*"
          to: "messages"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      toggle_reaction: {
        Args: { emoji: string; message_id: string }
        Returns: boolean
      }
      transfer_ownership: {
        Args: { new_owner_id: string; workspace_id: string }
        Returns: undefined
      }
    }
    Enums: {
      channel_kind: "public" | "private" | "dm" | "group_dm"
      notification_level: "all" | "mentions" | "none"
      workspace_role: "owner" | "admin" | "member" | "guest"
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  graphql_public: {
    Enums: {},
  },
  public: {
    Enums: {
      channel_kind: ["public", "private", "dm", "group_dm"],
      notification_level: ["all", "mentions", "none"],
      workspace_role: ["owner", "admin", "member", "guest"],
    },
  },
} as const

