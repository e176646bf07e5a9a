// Vitest's globalSetup (vitest.config.mts): ONE throwaway PostgreSQL cluster for the whole unit run
// (scripts/pg-cluster.mjs), stopped and deleted at teardown. Tests read its URL with inject('pgUrl')
// through db/test-helpers.ts, which creates a database per test file. Without PostgreSQL's binaries the
// run goes on and only the tests that need PostgreSQL fail, each with the sentence saying what to install.
import { startCluster } from './pg-cluster.mjs';

export default async function setup(project) {
  try {
    const cluster = await startCluster();
    project.provide('pgUrl', cluster.url);
    project.provide('pgError', '');
    return () => cluster.stop();
  } catch (error) {
    project.provide('pgUrl', '');
    project.provide('pgError', error instanceof Error ? error.message : String(error));
  }
}
