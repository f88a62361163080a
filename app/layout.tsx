import './globals.css';

import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { ThemeProvider } from '@/components/providers/theme-provider';
import { LazyToaster } from '@/components/ui/toast';

export const metadata: Metadata = {
  title: { default: 'supachat', template: '%s · supachat' },
  description: 'Open-source Slack-style team chat on Supabase',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0a0a0a' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // next-themes sets the class on <html> before hydration; the warning it would cause is expected.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <ThemeProvider>
          {children}
          <LazyToaster position="bottom-right" />
        </ThemeProvider>
      </body>
    </html>
  );
}
