'use client';

import { createContext, memo, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';

type Render = (source: string) => string;

let renderer: Render | null = null;
let loading: Promise<Render> | null = null;

/**
 * The markdown renderer (lib/chat/markdown.ts) in its own chunk, loaded once on first need: the
 * first page of a channel arrives rendered by the server, so a visit that only reads never loads
 * it. A failed load (offline, a new deployment) is retried on the next need.
 */
export function loadMarkdownRenderer(): Promise<Render> {
  loading ??= import('@/lib/chat/markdown').then(
    (m) => {
      renderer = m.renderMarkdown;
      return m.renderMarkdown;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** HTML the server rendered, by message body (an edit changes the body, so it never shows stale HTML). */
const PrerenderedContext = createContext<ReadonlyMap<string, string>>(new Map());

/** Pairs bodies with the server's HTML for them (`html[i]` is the rendering of `bodies[i]`). */
export function prerenderedBodies(bodies: readonly string[], html: readonly string[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < bodies.length && html && i < html.length; i++) map.set(bodies[i], html[i]);
  return map;
}

export function PrerenderedMarkdownProvider({
  value,
  children,
}: {
  value: ReadonlyMap<string, string>;
  children: ReactNode;
}) {
  return <PrerenderedContext.Provider value={value}>{children}</PrerenderedContext.Provider>;
}

const BODY_CLASS =
  'text-sm leading-relaxed break-words [&_a[href]]:break-words [&_a[href]]:text-primary [&_a[href]]:underline [&_a[href]]:underline-offset-2 [&_blockquote]:border-l-2 [&_blockquote]:pl-3 [&_blockquote]:text-muted-foreground [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.85em] [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:whitespace-pre-wrap [&_pre]:my-1 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-muted [&_pre]:p-2 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_ul]:list-disc [&_ul]:pl-5';

/**
 * A message body in the safe markdown subset (lib/chat/markdown.ts: no raw HTML, ever). Uses the
 * server's HTML when it has it; otherwise renders in the browser, showing the plain text for the
 * moment the renderer takes to load.
 */
export const MessageMarkdown = memo(function MessageMarkdown({ source }: { source: string }) {
  const prerendered = useContext(PrerenderedContext).get(source);
  // Read at first render: null on the server and while hydrating, so both give the same markup.
  const [render, setRender] = useState<Render | null>(() => renderer);
  const html = useMemo(() => prerendered ?? render?.(source) ?? null, [prerendered, render, source]);
  const needsRenderer = html === null;

  useEffect(() => {
    if (!needsRenderer) return;
    let live = true;
    loadMarkdownRenderer().then(
      (r) => {
        if (live) setRender(() => r);
      },
      (error) => console.warn('[markdown] the renderer did not load; showing plain text', error),
    );
    return () => {
      live = false;
    };
  }, [needsRenderer]);

  if (html === null) {
    return (
      <div className={BODY_CLASS} data-markdown="pending">
        <p>{source}</p>
      </div>
    );
  }
  // Safe: the renderer escapes all text and writes only the allowed elements (markdown.test.ts).
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the string comes from renderMarkdown(), never from the source as is
  return <div className={BODY_CLASS} dangerouslySetInnerHTML={{ __html: html }} />;
});
