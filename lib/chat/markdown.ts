import { micromark } from 'micromark';
import { gfmAutolinkLiteral, gfmAutolinkLiteralHtml } from 'micromark-extension-gfm-autolink-literal';
import { gfmStrikethrough, gfmStrikethroughHtml } from 'micromark-extension-gfm-strikethrough';
import type { Extension, HtmlExtension } from 'micromark-util-types';

/**
 * The safe markdown subset of chat messages, rendered to an HTML string: bold, italic,
 * strikethrough, inline code, code blocks, links (also bare URLs), lists, quotes. The same function
 * runs on the server (the first page of messages arrives as HTML) and, loaded on demand, in the
 * browser (live messages, edits, older pages, threads), so both give the same markup.
 *
 * Why the string is safe to insert as HTML (tested in markdown.test.ts):
 * 1. micromark escapes every piece of text it copies from the source (`& < > "`), so the only tags
 *    in its output are the ones it writes itself;
 * 2. raw HTML in the source (`<script>`, `<img onerror>`) is dropped, never parsed or shown;
 * 3. constructs that would make other elements are switched off, so they stay text: headings,
 *    `---` rules and images (`![x](url)` becomes `!` and a link, never a request to that URL);
 *    GFM tables, task lists and footnotes are not enabled at all;
 * 4. link URLs pass micromark's protocol check: only http(s), mailto, irc(s), xmpp and relative
 *    URLs survive; any other scheme (`javascript:`, `data:`) leaves an anchor without href.
 * Links open in a new tab with `rel="noopener noreferrer"`.
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

const syntax: Extension[] = [
  gfmAutolinkLiteral(),
  gfmStrikethrough(),
  { disable: { null: ['headingAtx', 'setextUnderline', 'thematicBreak', 'labelStartImage'] } },
];

/** Raw HTML in a message is dropped, as Slack never renders it either (react-markdown's `skipHtml`). */
const dropRawHtml: HtmlExtension = {
  exit: {
    htmlFlowData() {},
    htmlTextData() {},
  },
};

const html: HtmlExtension[] = [gfmAutolinkLiteralHtml(), gfmStrikethroughHtml(), dropRawHtml];

/**
 * micromark writes every anchor as `<a href="…"` and escapes `<` in all text, so this pattern only
 * ever meets its own tags. An empty href is what its protocol check leaves of a refused URL.
 */
const ANCHOR = /<a href="([^"]*)"/g;

export function renderMarkdown(source: string): string {
  return micromark(source, { extensions: syntax, htmlExtensions: html }).replace(ANCHOR, (_tag, href: string) =>
    href ? `<a href="${href}" target="_blank" rel="noopener noreferrer"` : '<a',
  );
}
