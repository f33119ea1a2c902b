/** Help text per verb; `opsconductor help VERB` and `VERB --help` print these. */
export const USAGE = {
  main: `usage: opsconductor <verb> [options]

verbs:
  start        serve the web UI and the API
  user         add, list and change the password of users
  token        create API tokens for scripts
  trust        add, list and revoke the keys addons may be signed with
  addon        install and list addons (with the daemon stopped)
  help [VERB]  this help, or a verb's

Every verb takes --data DIR (default ./data, or OPSCONDUCTOR_DATA). Only start,
user add and addon install set up a directory without a database; the others
refuse it with DATA_NOT_FOUND (the wrong --data, or run from another directory).
Exit status 0 on success; otherwise non-zero with "CODE: message" on stderr.`,

  start: `usage: opsconductor start [--port N] [--host H] [--data DIR] [--trap-port N] [--trap-host H] [--dev]
                          [--alert-retention-days N] [--metric-retention-days N]
                          [--audit-retention-days N] [--absence-threshold N] [--open-alert-limit N] [--backup-keep N] [--metrics] [--trust-proxy]

  --port N        HTTP port (default 8080; OPSCONDUCTOR_PORT)
  --host H        address to listen on (default 127.0.0.1; OPSCONDUCTOR_HOST)
  --data DIR      data directory (default ./data; OPSCONDUCTOR_DATA)
  --trap-port N   SNMP trap UDP port (default 162; OPSCONDUCTOR_TRAP_PORT)
  --trap-host H   address the trap listener binds (default: the --host address;
                  OPSCONDUCTOR_TRAP_HOST); often 0.0.0.0 so devices can reach it
  --dev           development mode: unsigned addons load, with a warning
  --alert-retention-days N   keep resolved alerts and their history N days after they
                             resolved (default 90; OPSCONDUCTOR_ALERT_RETENTION_DAYS)
  --metric-retention-days N  keep metric samples N days (default 30; OPSCONDUCTOR_METRIC_RETENTION_DAYS)
  --audit-retention-days N   keep audit log entries N days (default 365; OPSCONDUCTOR_AUDIT_RETENTION_DAYS)
  --absence-threshold N      resolve an open alert after N consecutive successful snapshots
                             without it (default 2; OPSCONDUCTOR_ABSENCE_THRESHOLD)
  --open-alert-limit N       unresolved alerts one connector may have; new problems past it are
                             stored as notices (default 100000; OPSCONDUCTOR_OPEN_ALERT_LIMIT)
  --backup-keep N            nightly database backups kept in DATA/backups (default 7, 0: none;
                             OPSCONDUCTOR_BACKUP_KEEP)
  --metrics                  serve Prometheus metrics on GET /metrics, unauthenticated
                             (OPSCONDUCTOR_METRICS=1)
  --trust-proxy              behind one reverse proxy: a client's address is the last X-Forwarded-For entry
                             (OPSCONDUCTOR_TRUST_PROXY=1)
Flags win over environment variables. SIGINT/SIGTERM shut down gracefully.`,

  user: `usage: opsconductor user add NAME --role admin|operator|viewer [--password-stdin]
       opsconductor user list [--json]
       opsconductor user passwd NAME [--password-stdin]

  --password-stdin  read the password from stdin (one line); without it, a
                    terminal prompt asks twice without echo. At least 10 characters.
Works while the daemon runs. Changing a password ends the user's sessions and
revokes their API tokens.`,

  token: `usage: opsconductor token create NAME --user USERNAME [--expires-days N]

Prints the new API token once on stdout; only its sha256 is stored. Use it as
"Authorization: Bearer <token>"; it acts with the user's role. Without
--expires-days (1-3650) it lives until revoked.`,

  trust: `usage: opsconductor trust add KEY.pub --prefix P [--prefix P ...] --level core|trusted|community [--publisher NAME]
       opsconductor trust list [--json]
       opsconductor trust revoke KEYID

The trust store is DATA/trust.json. A key signs only ids under its prefixes
("acme." allows acme.ups; "*" any id). Levels: core (built-ins), trusted (may
use the worker runtime), community (isolate only). A revoked key stays listed
and cannot be added again; addons it signed are refused at the next start.
Works while the daemon runs: its next install reads the new store.`,

  addon: `usage: opsconductor addon install FILE.zip [--force] [--dev]
       opsconductor addon list [--json]

install verifies the package against the trust store and installs it into the
data dir (files, its own database and migrations, seed mappings); the daemon
re-verifies and loads it at its next start. A newer version upgrades the
installed one; --force allows an older one; --dev accepts an unsigned package
(the daemon must then run with --dev too). While the daemon runs, install
refuses: use POST /api/v1/addons/install, which upgrades without a restart.`,
} as const;

export type UsageTopic = keyof typeof USAGE;
