import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { config } from '@/lib/config';
import { currentPageUser } from '@/lib/auth/page';
import { needsSetup } from '@/lib/auth/login';
import { safeNextPath } from '@/lib/request-path';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next, config().publicUrl);
  if (await needsSetup()) redirect('/setup');
  if (await currentPageUser()) redirect(next);
  return <LoginForm next={next} />;
}
