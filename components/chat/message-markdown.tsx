import { memo } from 'react';
import Markdown from 'react-markdown';
import { markdownOptions } from '@/lib/chat/markdown';

/** A message body rendered with the safe markdown subset (lib/chat/markdown.ts): no raw HTML, ever. */
export const MessageMarkdown = memo(function MessageMarkdown({ source }: { source: string }) {
  return (
    <div className="text-sm leading-relaxed break-words [&_blockquote]:border-l-2 [&_blockquote]:pl-3 [&_blockquote]:text-muted-foreground [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.85em] [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:whitespace-pre-wrap [&_pre]:my-1 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-muted [&_pre]:p-2 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_ul]:list-disc [&_ul]:pl-5">
      <Markdown {...markdownOptions}>{source}</Markdown>
    </div>
  );
});
