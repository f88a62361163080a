import type { AuthConfig, AuthRequest } from './request.ts';

/**
 * GoTrue's redirect allow-list: the site URL (same scheme/host, any port on loopback), loopback IPs,
 * and `additional_redirect_urls` as globs with `.` and `/` as separators (`*` stays within one
 * segment, `**` crosses them), matched without the fragment.
 */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^./]*';
    } else if (c === '?') re += '[^./]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((alt) => globToRegExp(alt).source.slice(1, -1))
          .join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      re += glob[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const patternCache = new Map<string, RegExp>();
function pattern(glob: string): RegExp {
  let re = patternCache.get(glob);
  if (!re) {
    re = globToRegExp(glob);
    patternCache.set(glob, re);
  }
  return re;
}

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}

export function isRedirectUrlValid(cfg: AuthConfig, redirectUrl: string): boolean {
  if (!redirectUrl) return false;
  let base: URL;
  let ref: URL;
  try {
    base = new URL(cfg.site_url);
    ref = new URL(redirectUrl);
  } catch {
    return false;
  }
  if (
    base.hostname === ref.hostname &&
    base.protocol === ref.protocol &&
    (base.port === ref.port || isLoopbackHost(ref.hostname))
  ) {
    return true;
  }
  const host = ref.hostname.replace(/^\[|\]$/g, '');
  const isHttp = ref.protocol === 'http:' || ref.protocol === 'https:';
  if (/^[0-9]+$/.test(host)) return false;
  if (/^[0-9.]+$/.test(host) || host.includes(':')) return isLoopbackHost(host);
  if (isHttp && !/^[a-zA-Z0-9.-]+$/.test(host)) return false;
  const withoutFragment = redirectUrl.split('#')[0];
  return cfg.additional_redirect_urls.some((g) => pattern(g).test(withoutFragment));
}

/** GoTrue's GetReferrer: `redirect_to` (query), then the Referer header, when allowed; else site_url. */
export function referrer(cfg: AuthConfig, ar: AuthRequest, bodyRedirect?: string): string {
  for (const candidate of [bodyRedirect, ar.query.get('redirect_to') ?? undefined, ar.req.headers.referer]) {
    if (candidate && isRedirectUrlValid(cfg, candidate)) return candidate;
  }
  return cfg.site_url;
}
