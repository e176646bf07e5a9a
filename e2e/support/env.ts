import path from 'node:path';

export const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const DATA_DIR = process.env.E2E_DATA_DIR ?? path.resolve('data', 'e2e');
export const SANDBOX_URL = `${BASE_URL}/sandbox`;

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery', name: 'Ada Admin' };
export const MARKETER = { email: 'marketer@example.com', password: 'marketer-password-1', name: 'Mark Eter' };
export const VIEWER = { email: 'viewer@example.com', password: 'viewer-password-1', name: 'Vi Ewer' };

export const storageStatePath = (role: 'admin' | 'marketer' | 'viewer') =>
  path.join(DATA_DIR, `${role}.json`);

/** The viewports the specs take screenshots at: a laptop, and the phone every screen must fit. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
