import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import { describe, expect, it } from 'vitest';
import { markdownOptions } from './markdown';

function render(source: string): string {
  return renderToStaticMarkup(createElement(Markdown, markdownOptions, source));
}

describe('chat markdown', () => {
  it('renders the supported subset', () => {
    const html = render('**bold** _italic_ `code` ~~gone~~\n\n```\nconst x = 1 < 2;\n```');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>italic</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toMatch(/<pre><code[^>]*>const x = 1 &lt; 2;/);
  });

  it('opens links in a new tab without an opener', () => {
    const html = render('[docs](https://example.com/a?b=1) and https://supabase.com');
    expect(html).toContain('href="https://example.com/a?b=1"');
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer"');
    expect(html).toContain('href="https://supabase.com"');
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
  ])('renders %s inert', (source, forbidden) => {
    expect(render(source)).not.toMatch(forbidden);
  });

  it('keeps headings and tables as plain text', () => {
    const html = render('# Title\n\n| a |\n|---|\n| b |');
    expect(html).not.toMatch(/<h1|<table/);
    expect(html).toContain('Title');
  });
});
