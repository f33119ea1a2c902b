/** Help text per verb; `opsconductor help VERB` and `VERB --help` print these. */
export const USAGE = {
  main: `usage: opsconductor <verb> [options]

verbs:
  start        serve the web UI and the API
  user         add, list and change the password of users
  token        create API tokens for scripts
  help [VERB]  this help, or a verb's

Every verb takes --data DIR (default ./data, or OPSCONDUCTOR_DATA).
Exit status 0 on success; otherwise non-zero with "CODE: message" on stderr.`,

  start: `usage: opsconductor start [--port N] [--host H] [--data DIR] [--trap-port N] [--dev]

  --port N        HTTP port (default 8080; OPSCONDUCTOR_PORT)
  --host H        address to listen on (default 127.0.0.1; OPSCONDUCTOR_HOST)
  --data DIR      data directory (default ./data; OPSCONDUCTOR_DATA)
  --trap-port N   SNMP trap UDP port (default 162; OPSCONDUCTOR_TRAP_PORT)
  --dev           development mode: unsigned addons load, with a warning
Flags win over environment variables. SIGINT/SIGTERM shut down gracefully.`,

  user: `usage: opsconductor user add NAME --role admin|operator|viewer [--password-stdin]
       opsconductor user list [--json]
       opsconductor user passwd NAME [--password-stdin]

  --password-stdin  read the password from stdin (one line); without it, a
                    terminal prompt asks twice without echo. At least 10 characters.
Works while the daemon runs. Changing a password ends the user's sessions.`,

  token: `usage: opsconductor token create NAME --user USERNAME [--expires-days N]

Prints the new API token once on stdout; only its sha256 is stored. Use it as
"Authorization: Bearer <token>"; it acts with the user's role.`,
} as const;

export type UsageTopic = keyof typeof USAGE;
