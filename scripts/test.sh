#!/usr/bin/env bash
# `npm test`: the whole suite — migrations in sync (SQLite and PostgreSQL), lint, dead code, types, unit tests,
# production build and the end-to-end suite in Debian's Chromium. Ends with `tests: N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
OUT=.ci-out
rm -rf "$OUT" && mkdir -p "$OUT"
step_failures=0

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
summary() {
  node scripts/test-summary.mjs "$OUT/unit.json" "$OUT/e2e.json" "$step_failures" "$OUT/e2e-pg.json"
  exit $?
}

ensure_chromium() {
  local bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$bin" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Chromium is missing: installing Debian's chromium package"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null &&
      return 0
  fi
  echo "The end-to-end tests need Chromium, and it is not installed at $bin."
  echo "Install Debian's package as root (apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary."
  return 1
}

ensure_chromium || { step_failures=$((step_failures + 1)); summary; }

# The unit tests start a throwaway PostgreSQL cluster (scripts/pg-cluster.mjs): Debian's server package.
ensure_postgresql() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL is missing: installing Debian's postgresql package"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null &&
      return 0
  fi
  echo "The unit tests need PostgreSQL 15 or newer, and it is not installed."
  echo "Install Debian's package as root (apt-get install postgresql)."
  return 1
}
ensure_postgresql || step_failures=$((step_failures + 1))

say "migrations match db/schema.ts (SQLite) and db/schema.pg.ts (PostgreSQL)"
# Each dialect's schema against its own folder: a change without its migration in either fails.
check_migrations() {
  # Two statements: bash expands all of one `local`'s words before assigning any, so $folder would be
  # unset in the same line (and with set -u the check silently did not run).
  local config="$1" folder="$2" schema="$3"
  local log="$OUT/drizzle-$(basename "$folder").log"
  npx drizzle-kit generate --config "$config" >"$log" 2>&1 || { cat "$log"; step_failures=$((step_failures + 1)); }
  if [ -n "$(git status --porcelain -- "$folder" 2>/dev/null)" ]; then
    echo "$schema changed without a committed migration: run 'npx drizzle-kit generate --config $config' and commit $folder."
    step_failures=$((step_failures + 1))
  fi
}
check_migrations drizzle.config.ts db/migrations db/schema.ts
check_migrations drizzle.pg.config.ts db/migrations-pg db/schema.pg.ts

say "lint"
npx eslint . --max-warnings=0 || step_failures=$((step_failures + 1))
npx prettier --check . --log-level=warn || { echo "Formatting differs from Prettier: run 'npm run format'."; step_failures=$((step_failures + 1)); }

say "dead code (knip)"
npx knip || { echo "Unused files, exports or dependencies: remove them, or give them a caller (knip.jsonc)."; step_failures=$((step_failures + 1)); }

say "typecheck"
(npx next typegen >/dev/null && npx tsc --noEmit) || step_failures=$((step_failures + 1))

say "unit tests"
npx vitest run --reporter=default --reporter=json --outputFile="$OUT/unit.json" || true

say "build"
if ! npm run --silent build; then
  step_failures=$((step_failures + 1))
  summary
fi

say "end-to-end tests (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_FILE="$OUT/e2e.json" npx playwright test --reporter=list,json || true

say "end-to-end tests on PostgreSQL (the subset of playwright.pg.config.ts)"
PLAYWRIGHT_JSON_OUTPUT_FILE="$OUT/e2e-pg.json" node scripts/e2e-pg.mjs --reporter=list,json || true

summary
