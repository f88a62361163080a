import { createElement } from 'react';
import type { Options } from 'react-markdown';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

/**
 * The safe markdown subset of chat messages: bold, italic, strikethrough, inline code, code blocks,
 * links, lists, quotes. Three layers keep a message inert:
 * 1. `skipHtml`: raw HTML in the source (`<script>`, `<img onerror>`) is dropped, never parsed;
 * 2. `allowedElements` (+ `unwrapDisallowed`): headings, images, tables… render as their text;
 * 3. rehype-sanitize (GitHub's schema) plus react-markdown's default URL filter: no `javascript:`
 *    or `data:` links, no event handlers, no style.
 * Links open in a new tab with `rel="noopener noreferrer"`. Tested in markdown.test.ts.
 */
export const ALLOWED_ELEMENTS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
] as const;

export const markdownOptions: Readonly<Omit<Options, 'children'>> = {
  remarkPlugins: [remarkGfm],
  rehypePlugins: [[rehypeSanitize, defaultSchema]],
  skipHtml: true,
  allowedElements: [...ALLOWED_ELEMENTS],
  unwrapDisallowed: true,
  components: {
    a: ({ node: _node, href, children, ...rest }) =>
      createElement(
        'a',
        {
          ...rest,
          href,
          target: '_blank',
          rel: 'noopener noreferrer',
          className: 'text-primary underline underline-offset-2 break-words',
        },
        children,
      ),
  },
};
