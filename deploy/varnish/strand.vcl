# Varnish in front of Strand's app servers (Debian's varnish 7.1; VCL 4.1).
#
# The app decides what may be shared: only responses it marks `Cache-Control: public`
# (pages, static files, public image renditions) are kept, for their `s-maxage`; everything
# else (the admin, previews, search, private pages, document downloads) goes to an app server
# every time. Searches go to the app servers through the director `search`, whose backends
# each take a bounded number of connections (see vcl_recv). The topology (backends, the
# directors `app` and `search`, the `purgers` ACL) is in backends.vcl next to this file:
# `make serve` and `make cluster` write one for their own app servers (scripts/production.sh
# write_backends), and deploy/varnish/backends.example.vcl shows the production shape.
vcl 4.1;

import std;

include "backends.vcl";

# Cookies that matter to the app. Every other cookie (analytics, consent banners) is dropped
# before the cache is asked, so it cannot split or bypass the cache.
#   strand_signed_in: set on sign-in, cleared on sign-out (core.cache.session); its holder
#                     sees the userbar and drafts, so their requests are never shared.
#   sessionid:        a visitor who unlocked a password-protected film; the cache still
#                     answers public pages for them, and the app checks the session itself.
#   csrftoken:        forms post it back; only the app reads it.

sub vcl_recv {
    set req.backend_hint = app.backend();
    unset req.http.X-Strand-Search;

    # Invalidation, from the app servers only (core.cache.frontend): BAN empties the cache,
    # because one change shows on many pages (every film page lists upcoming films and
    # partners); PURGE removes one URL with all its variants.
    if (req.method == "BAN" || req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN" || req.url == "/") {
            ban("obj.status != 0");
            return (synth(200, "Banned"));
        }
        return (purge);
    }

    # A search (the results page with a query, the search box's suggestions, the API's
    # ?search=) costs an app server 40-60 ms of CPU, a cached page nothing: each `search`
    # backend lets only .max_connections of them in at once, and past that Varnish answers a
    # 503 with Retry-After itself, at once (vcl_backend_error). A flood of searches then
    # neither queues for seconds nor takes the threads and CPU that pages need. Never cached.
    if (req.url ~ "^/search/(autocomplete/)?\?." || req.url ~ "^/api/[^?]*\?(.*&)?search=[^&]") {
        set req.http.X-Strand-Search = "1";
        set req.backend_hint = search.backend();
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # Signed-in editors: always a fresh page from an app server.
    if (req.http.Cookie ~ "(^|;\s*)strand_signed_in=") {
        return (pass);
    }
    if (req.http.Cookie) {
        set req.http.Cookie = ";" + req.http.Cookie;
        set req.http.Cookie = regsuball(req.http.Cookie, "; +", ";");
        set req.http.Cookie = regsuball(req.http.Cookie, ";(sessionid|csrftoken)=", "; \1=");
        set req.http.Cookie = regsuball(req.http.Cookie, ";[^ ][^;]*", "");
        set req.http.Cookie = regsuball(req.http.Cookie, "^[; ]+|[; ]+$", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }

    # The same query string in any order, without campaign tags, is one object. The app's
    # page cache keys only the parameters each page reads; here any other parameter is
    # passed, so made-up parameters cannot fill the cache either.
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=[^&]*", "\1");
    set req.url = regsuball(req.url, "&&+", "&");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = regsub(req.url, "\?&+", "?");
    set req.url = std.querysort(req.url);

    # A sick backend (its /healthz failing: the database is down) is skipped by the
    # director; while none is healthy, objects are served up to their full grace.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    # The URL and host only: cookies never make a variant (see vcl_backend_response).
    hash_data(req.url);
    if (req.http.host) {
        hash_data(std.tolower(req.http.host));
    } else {
        hash_data(server.ip);
    }
    return (lookup);
}

sub vcl_backend_response {
    # Kept only when the app says it may be shared, for its s-maxage (else max-age).
    if (beresp.http.Cache-Control !~ "(?i)(public|s-maxage)" || beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 30s;
        return (deliver);
    }
    # A failing background refresh keeps the stale copy (stale-if-error).
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    if (beresp.status >= 500) {
        set beresp.uncacheable = true;
        set beresp.ttl = 5s;
        return (deliver);
    }
    # Public responses are the same for every cookie (the app only marks cookie-free pages
    # public), so `Vary: Cookie` must not split them into one object per visitor.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*Cookie\s*(,|$)", "\1");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^[,\s]+|[,\s]+$", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    # How long a stale copy may stand in while no app server can answer.
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_backend_error {
    # An app server that went away between health probes: ask the next one.
    if (bereq.retries < 2 && !bereq.http.X-Strand-Search) {
        return (retry);
    }
    # A search, once, when it failed at once: its app server is gone (refused before the probes
    # noticed) or its lane is full, and the next app server's may have room. Not a search that
    # failed slowly (first_byte_timeout, a hung server): a second try would double the wait.
    if (bereq.retries < 1 && bereq.http.X-Strand-Search && now - bereq.time < 1s) {
        return (retry);
    }
    # No backend answered a background refresh: keep serving the stale copy.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    set beresp.http.Cache-Control = "no-store";
    # Every search slot is taken while app servers are up: say so at once, as the app's own
    # limit does (core.http.limits), in JSON for the API and for whoever asks for JSON.
    if (bereq.http.X-Strand-Search && std.healthy(bereq.backend)) {
        set beresp.http.Retry-After = "5";
        if (bereq.url ~ "^/(api|search/autocomplete)/" || bereq.http.Accept ~ "^application/json") {
            set beresp.http.Content-Type = "application/json";
            # The space before the closing brace keeps `"}` (the end of a long string) out of it.
            synthetic({"{"message": "Search is busy right now: please try again in a few seconds." }"});
            return (deliver);
        }
        set beresp.http.Content-Type = "text/html; charset=utf-8";
        synthetic({"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Search is busy</title></head>
<body><main><h1>Search is busy</h1>
<p>Search is busy right now: please try again in a few seconds.</p></main></body></html>
"});
        return (deliver);
    }
    # Nothing cached and no app server answers: the site's "back soon" page, at once.
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    synthetic({"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Back soon</title></head>
<body><main><h1>We will be back soon</h1>
<p>This page cannot be shown right now. Please try again in a minute.</p></main></body></html>
"});
    return (deliver);
}

sub vcl_synth {
    if (resp.status == 503) {
        set resp.http.Retry-After = "30";
    }
}

sub vcl_deliver {
    # Age (Varnish's own) and Via stay on every response, so a hit can be seen; this says so plainly.
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
