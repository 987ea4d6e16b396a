# The topology half of strand.vcl, for production: one backend per app host, each probed on
# /healthz (it answers 503 while the database is unreachable, so a host that cannot serve is
# skipped and, when none can, Varnish serves stale pages from grace). Copy it next to
# strand.vcl as backends.vcl and list your own hosts. `make cluster` writes its own.
import directors;

probe healthz {
    .request = "GET /healthz HTTP/1.1"
               "Host: 127.0.0.1"
               "Connection: close";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}

backend app1 { .host = "10.0.0.11"; .port = "8000"; .probe = healthz; .first_byte_timeout = 10s; }
backend app2 { .host = "10.0.0.12"; .port = "8000"; .probe = healthz; .first_byte_timeout = 10s; }

# The same hosts again, for searches only (strand.vcl's vcl_recv): at most .max_connections
# searches at once on each, past which Varnish answers 503 with Retry-After itself. About one
# worker's SEARCH_MAX_CONCURRENT, or the host's cores: docs/operations.md, "What runs where".
backend search1 { .host = "10.0.0.11"; .port = "8000"; .probe = healthz; .first_byte_timeout = 10s; .max_connections = 2; }
backend search2 { .host = "10.0.0.12"; .port = "8000"; .probe = healthz; .first_byte_timeout = 10s; .max_connections = 2; }

# Who may BAN/PURGE: the app hosts (core.cache.frontend sends them on every content change).
acl purgers {
    "10.0.0.11";
    "10.0.0.12";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
    new search = directors.round_robin();
    search.add_backend(search1);
    search.add_backend(search2);
}
