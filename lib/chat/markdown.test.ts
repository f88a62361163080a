import { describe, expect, it } from 'vitest';
import { ALLOWED_ELEMENTS, renderMarkdown as render } from './markdown';

/**
 * Every tag in the output with its attributes. Sound only because the renderer escapes `<` in all
 * text (asserted below): any `<` left in the output starts a tag the renderer wrote.
 */
function tagsOf(html: string): { name: string; attributes: Record<string, string> }[] {
  return [...html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)].map(([, name, rest]) => ({
    name: name.toLowerCase(),
    attributes: Object.fromEntries([...rest.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map(([, k, v]) => [k, v ?? ''])),
  }));
}

const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href', 'title', 'target', 'rel'],
  code: ['class'],
  ol: ['start'],
};

/** The invariant that makes the string safe for innerHTML: only listed elements and attributes, safe hrefs. */
function expectSafe(html: string) {
  for (const { name, attributes } of tagsOf(html)) {
    expect(ALLOWED_ELEMENTS as readonly string[], `<${name}> in ${html}`).toContain(name);
    for (const [key, value] of Object.entries(attributes)) {
      expect(ALLOWED_ATTRIBUTES[name] ?? [], `${key} on <${name}> in ${html}`).toContain(key);
      if (key === 'href') expect(value).toMatch(/^(https?:|mailto:|\/|#|[^:]*$)/i);
      if (key === 'class') expect(value).toMatch(/^language-[\w-]+$/);
    }
    if (name === 'a' && attributes.href) {
      expect(attributes.target).toBe('_blank');
      expect(attributes.rel).toBe('noopener noreferrer');
    }
  }
}

describe('chat markdown', () => {
  it('renders the supported subset', () => {
    const html = render('**bold** _italic_ `code` ~~gone~~\n\n```\nconst x = 1 < 2;\n```');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>italic</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toMatch(/<pre><code[^>]*>const x = 1 &lt; 2;/);
    expectSafe(html);
  });

  it('renders lists, quotes and line breaks', () => {
    const html = render('> quoted\n\n- one\n- two\n\n3. three\n4. four\n\nline  \nbreak');
    expect(html).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol start="3">');
    expect(html).toContain('line<br />');
    expectSafe(html);
  });

  it('opens links in a new tab without an opener', () => {
    const html = render('[docs](https://example.com/a?b=1) and https://supabase.com');
    expect(html).toContain('href="https://example.com/a?b=1"');
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer"');
    expect(html).toContain('<a href="https://supabase.com" target="_blank" rel="noopener noreferrer">');
    expectSafe(html);
  });

  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['<img src=x onerror="alert(1)">', /<img|onerror/i],
    ['<a href="javascript:alert(1)">x</a>', /javascript:/i],
    ['[click](javascript:alert(1))', /javascript:/i],
    ['[click](data:text/html;base64,PHNjcmlwdD4=)', /data:text/i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['<div style="position:fixed" onclick="x()">hi</div>', /style=|onclick/i],
    ['![tracker](https://evil.example/pixel.png)', /<img/i],
    ['<svg onload=alert(1)>', /<svg|onload/i],
    ['[x](JaVaScRiPt:alert(1))', /javascript:/i],
    ['[x](&#106;avascript:alert(1))', /javascript:|&#106;/i],
    ['[x](java%0Ascript:alert(1))', /href="java/i],
    ['<javascript:alert(1)>', /href="javascript/i],
    ['[x][ref]\n\n[ref]: javascript:alert(1)', /javascript:/i],
    ['[x](vbscript:msgbox(1))', /vbscript:/i],
    ['[x](https://a.example/"onmouseover="alert(1))', /" onmouseover|"onmouseover="/i],
    ['[x](https://a.example "t\\" onmouseover=\\"alert(1)")', /" onmouseover/i],
    ['`<script>alert(1)</script>`', /<script/i],
    ['```\n</code></pre><script>alert(1)</script>\n```', /<\/pre><script|<script/i],
    ['**<img src=x onerror=alert(1)>**', /<img/i],
    ['<a href="https://evil.example">x</a>', /evil\.example/i],
  ])('renders %s inert', (source, forbidden) => {
    const html = render(source);
    expect(html).not.toMatch(forbidden);
    expectSafe(html);
  });

  it('drops raw HTML but keeps the text around it', () => {
    expect(render('a <b>bold?</b> c')).toBe('<p>a bold? c</p>');
    expect(render('<div>\nblock\n</div>\n\nafter').trim()).toBe('<p>after</p>');
  });

  it('leaves a link with a refused URL as text, without href', () => {
    const html = render('[click](javascript:alert(1))');
    expect(html).toBe('<p><a>click</a></p>');
  });

  it('escapes text, so a tag can only come from the renderer', () => {
    const html = render('1 < 2 & "quotes" > 0 &lt;b&gt;');
    expect(html).toBe('<p>1 &lt; 2 &amp; &quot;quotes&quot; &gt; 0 &lt;b&gt;</p>');
  });

  it('keeps headings, rules, tables and images as plain text', () => {
    const html = render('# Title\n\nSub\n===\n\n---\n\n| a |\n|---|\n| b |\n\n![alt](https://example.com/x.png)');
    expect(html).not.toMatch(/<h\d|<hr|<table|<img/);
    expect(html).toContain('# Title');
    expect(html).toContain('Sub');
    expect(html).toContain('| a |');
    expectSafe(html);
  });
});
