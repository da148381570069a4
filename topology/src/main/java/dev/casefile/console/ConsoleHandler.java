package dev.casefile.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every console request, in one order: the Host must name this console; the method must suit the
 * route; forms must come from the console's own origin; the caller must be identified (an ID token,
 * a trusted proxy's header, the shared token, or a session cookie; what instances ask each other
 * takes the shared token only). Then the route answers, limited to the agent's workspaces, and
 * every complaint and case file opened is written to the audit log. Logs name the route's template
 * and the status, never anything of the request.
 */
final class ConsoleHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    private static final int MAX_AUTHORIZATION_CHARS = 16 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");
    private static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final String LOGIN_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
            + "form-action 'self'; base-uri 'none'";

    /** How long a sign-in form may take to arrive whole after its headers: 16 KiB at 1.6 KiB/s. */
    private static final Duration FORM_DEADLINE = Duration.ofSeconds(10);
    /** What {@link #serve} returns for a route still reading its body: it answers, and is logged, later. */
    private static final int READING = -1;

    private final ConsoleApi api;
    private final byte[] tokenDigest;
    private final Sessions sessions;
    private final SignInLimiter limiter;
    private final Agents agents;
    private final Origins origins;
    private final AuditLog audit;

    ConsoleHandler(ConsoleApi api, String token, Sessions sessions, SignInLimiter limiter, Agents agents, Origins origins,
                   AuditLog audit) {
        this.api = api;
        this.tokenDigest = Digests.sha256(token);
        this.sessions = sessions;
        this.limiter = limiter;
        this.agents = agents;
        this.origins = origins;
        this.audit = audit;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        Route route = Route.of(request.getHttpURI().getPath());
        answer(route, request, started, response, callback, () -> serve(route, request, started, response, callback));
        return true;
    }

    /**
     * Answers with what {@code work} sends, or by the one error policy when it throws, and logs the route and status;
     * a route still reading its body ({@link #READING}) is logged when it answers.
     */
    private void answer(Route route, Request request, long started, Response response, Callback callback,
                        IntSupplier work) {
        String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "(other)";
        int status;
        try {
            status = work.getAsInt();
        } catch (ApiException e) {
            status = fail(response, callback, e);
        } catch (InvalidStateStoreException e) {
            status = fail(response, callback, ApiException.unavailable("state is moving between instances (rebalancing); retry"));
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // Nothing of the request is logged: its values may be personal data. Caught here, so that Jetty, whose own
            // report of a failed request quotes the request, never sees it.
            LOG.warn("Console {} {} failed: {}", method, route.template(), e.getClass().getName());
            status = fail(response, callback, new ApiException(500, "the console failed to answer; see its log"));
        }
        if (status != READING) {
            LOG.debug("Console {} {} -> {} in {} ms", method, route.template(), status, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private int serve(Route route, Request request, long started, Response response, Callback callback) {
        if (!origins.knowsHost(request.getHeaders().get(HttpHeader.HOST))) {
            throw ApiException.badRequest("the Host header does not name this console (see console.public.url)");
        }
        if (!route.allows(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, route.allowHeader());
            throw new ApiException(405, "use " + route.allowHeader());
        }
        if (route.access() == Route.Access.FORM) {
            if (!origins.isOwnForm(request.getHeaders().get(HttpHeader.ORIGIN), request.getHeaders().get(HttpHeader.REFERER))) {
                throw new ApiException(403, "this form must be sent from the console's own page");
            }
            return route == Route.SIGN_IN ? signIn(request, started, response, callback) : signOut(request, response, callback);
        }
        Optional<Agent> caller = identify(request, route.access() == Route.Access.INSTANCE);
        if (caller.isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"casefile\"");
            if (route.access() == Route.Access.PAGE) {
                return loginPage(response, callback, 401, "");
            }
            throw new ApiException(401, "a valid bearer token, ID token or session is required");
        }
        Agent agent = caller.get();
        Map<String, String> query = Params.query(request.getHttpURI().getQuery());
        String rawPath = request.getHttpURI().getPath();
        switch (route) {
            case PAGE:
                return asset(response, callback, "index.html", Reply.HTML);
            case SCRIPT:
                return asset(response, callback, "app.js", "text/javascript; charset=utf-8");
            case STYLE:
                return asset(response, callback, "app.css", "text/css; charset=utf-8");
            case OPENAPI:
                Reply.send(response, callback, 200, Reply.JSON, Assets.read("openapi.json"));
                return 200;
            case EXPORT:
                return export(request, agent, query, response, callback);
            case COMPLAINT: {
                ConsoleApi.Answer<Views.Complaint> answer = scoped(agent, () -> api.complaint(Params.segment(route.rawId(rawPath))));
                Views.Complaint complaint = Scope.complaint(agent, answer.body());
                opened(request, agent, route, List.of(complaint), complaint.otlpTraceId());
                return ok(response, callback, answer.servedBy(), complaint);
            }
            case CASE_FILE: {
                ConsoleApi.Answer<Views.CaseFile> answer = scoped(agent, () -> api.caseFile(Params.segment(route.rawId(rawPath))));
                Views.CaseFile file = Scope.caseFile(agent, answer.body());
                opened(request, agent, route, file.complaints(), file.otlpTraceId());
                return ok(response, callback, answer.servedBy(), file);
            }
            case COMPLAINTS: {
                Views.Page page = Scope.page(agent, api.complaints(query).body());
                opened(request, agent, route, page.items(), null);
                return ok(response, callback, null, page);
            }
            case SEARCH: {
                Views.SearchResult result = Scope.search(agent, api.search(query.get("q")).body());
                result.matches().forEach(page -> opened(request, agent, route, page.items(), null));
                return ok(response, callback, null, result);
            }
            case SIMILAR:
                return ok(response, callback, null, Scope.similar(agent, api.similar(query).body()));
            case RATES:
                return ok(response, callback, null, api.rates(query).body());
            case ALERTS:
                return ok(response, callback, null, api.alerts().body());
            case INTERNAL_COMPLAINT:
                return ok(response, callback, null, api.internalComplaint(query.get("id")).body());
            case INTERNAL_PAGE:
                return ok(response, callback, null, api.internalPage(query).body());
            case INTERNAL_COUNT:
                return ok(response, callback, null, api.internalCount(query).body());
            case INTERNAL_TRACE:
                return ok(response, callback, null, api.internalTrace(query.get("id")).body());
            case INTERNAL_RATES:
                return ok(response, callback, null, api.internalRates(query).body());
            case INTERNAL_EXPORT:
                return ok(response, callback, null, api.internalExport(query).body());
            case INTERNAL_ALERTS:
                return ok(response, callback, null, api.internalAlerts().body());
            case UNKNOWN:
                throw ApiException.notFound("no such route");
            default:
                throw new IllegalStateException("route without an answer: " + route);
        }
    }

    /**
     * Audits {@code complaints} as opened by {@code agent} through {@code route} (each once; the trace's id alone when
     * a case file names no complaint). A HEAD request shows nothing and is not audited.
     */
    private void opened(Request request, Agent agent, Route route, List<Views.Complaint> complaints, String traceId) {
        if (request.getMethod().equals("HEAD")) {
            return;
        }
        if (complaints.isEmpty() && traceId != null) {
            audit.opened(agent, route.template(), null, traceId, null);
        }
        for (Views.Complaint c : complaints) {
            audit.opened(agent, route.template(), c.complaintId(), traceId != null ? traceId : c.otlpTraceId(),
                    c.workspaceId());
        }
    }

    /**
     * {@code lookup} for {@code agent}: an agent limited to some workspaces gets one 404 for anything it may not see,
     * whether or not it exists elsewhere, so the message cannot tell the two apart.
     */
    private static <T> T scoped(Agent agent, java.util.function.Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (ApiException e) {
            if (e.status() == 404 && agent.workspaces().isPresent()) {
                throw ApiException.notFound(Scope.NOT_VISIBLE);
            }
            throw e;
        }
    }

    /** Who asks: the shared token, then (not for instance routes) an ID token, a trusted proxy's header, a session. */
    private Optional<Agent> identify(Request request, boolean instanceOnly) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null) {
            if (authorization.length() > MAX_AUTHORIZATION_CHARS || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            String credential = authorization.substring(7).trim();
            if (isToken(credential)) {
                return Optional.of(Agent.TOKEN);
            }
            return instanceOnly ? Optional.empty() : verified(credential);
        }
        if (instanceOnly) {
            return Optional.empty();
        }
        Optional<String> named = agents.proxyHeader().map(h -> request.getHeaders().get(h));
        if (named.isPresent()) {
            try {
                Optional<Agent> proxied = agents.fromProxy(Request.getRemoteAddr(request), named.get());
                if (proxied.isPresent()) {
                    return proxied;
                }
            } catch (AgentRefusedException e) {
                return Optional.empty();
            }
        }
        return session(request).map(Sessions.Session::agent);
    }

    /** The request's session, if its cookie holds a genuine, current one. */
    private Optional<Sessions.Session> session(Request request) {
        String cookies = String.join("; ", request.getHeaders().getValuesList(HttpHeader.COOKIE));
        return sessions.cookieOf(cookies).flatMap(sessions::check);
    }

    private Optional<Agent> verified(String idToken) {
        try {
            return agents.fromBearer(idToken);
        } catch (AgentRefusedException e) {
            return Optional.empty();
        }
    }

    private boolean isToken(String candidate) {
        return candidate != null && MessageDigest.isEqual(tokenDigest, Digests.sha256(candidate));
    }

    /**
     * Checks the sign-in's limits, then reads its form without holding this thread ({@link FormBody}) and answers once
     * the form is in: at once when it came with the headers.
     */
    private int signIn(Request request, long started, Response response, Callback callback) {
        String client = clientAddress(request);
        Optional<Duration> wait = limiter.waitFor(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
            return loginPage(response, callback, 429, "Too many failed sign-ins from this address: try again in "
                    + seconds + " s.");
        }
        if (request.getLength() > Params.MAX_FORM_BYTES) {
            return loginPage(response, callback, 413, "That request is too large.");
        }
        FormBody.Outcome outcome = new FormBody.Outcome() {
            @Override
            public void read(byte[] body) {
                answer(Route.SIGN_IN, request, started, response, callback, () -> signIn(client, body, response, callback));
            }

            @Override
            public void failed(Throwable cause) {
                // The rest of the body is never read, so the connection cannot carry another request.
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                answer(Route.SIGN_IN, request, started, response, callback,
                        () -> loginPage(response, callback, 408, "That form did not arrive in time."));
            }
        };
        FormBody.read(request, Params.MAX_FORM_BYTES, request.getComponents().getScheduler(), FORM_DEADLINE, outcome);
        return READING;
    }

    /** Signs {@code client} in with the form it sent, or counts a failure against it. */
    private int signIn(String client, byte[] body, Response response, Callback callback) {
        if (body.length > Params.MAX_FORM_BYTES) {
            return loginPage(response, callback, 413, "That request is too large.");
        }
        Map<String, String> form;
        try {
            form = Params.form(body);
        } catch (ApiException e) {
            return loginPage(response, callback, 400, "That form could not be read.");
        }
        String given = form.getOrDefault("token", "");
        Optional<Agent> agent = isToken(given) ? Optional.of(Agent.TOKEN) : verified(given);
        if (agent.isEmpty()) {
            limiter.failed(client);
            return loginPage(response, callback, 401, "That is neither the console token nor a valid ID token.");
        }
        response.getHeaders().add(HttpHeader.SET_COOKIE, sessions.setCookie(sessions.issue(agent.get())));
        Reply.seeOther(response, callback, "/");
        return 303;
    }

    /** Ends the session on every instance, then drops the browser's copy. */
    private int signOut(Request request, Response response, Callback callback) {
        session(request).ifPresent(session -> {
            try {
                sessions.end(session);
            } catch (RuntimeException e) {
                LOG.warn("Console sign-out could not be recorded: {}", e.getClass().getName());
                throw ApiException.unavailable("sign-out could not be recorded; retry");
            }
        });
        response.getHeaders().add(HttpHeader.SET_COOKIE, sessions.clearCookie());
        Reply.seeOther(response, callback, "/");
        return 303;
    }

    /** The address sign-in failures are counted against: behind a trusted proxy, the client it forwarded for. */
    private String clientAddress(Request request) {
        String peer = Request.getRemoteAddr(request);
        if (agents.trusts(peer)) {
            // The last hop of the last header line is the one the trusted proxy added; anything else, the client wrote.
            List<String> lines = request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR);
            if (!lines.isEmpty()) {
                String[] hops = lines.get(lines.size() - 1).split(",");
                String client = hops[hops.length - 1].trim();
                if (Cidr.literal(client) != null) {
                    return client;
                }
            }
        }
        return peer;
    }

    private int export(Request request, Agent agent, Map<String, String> query, Response response, Callback callback) {
        LabelExport.Result result = Scope.export(agent, api.export(query));
        StringBuilder lines = new StringBuilder();
        boolean shown = !request.getMethod().equals("HEAD");
        for (Views.ExportCase c : result.cases()) {
            if (shown) {
                audit.opened(agent, Route.EXPORT.template(), c.complaintId(), c.otlpTraceId(), c.workspaceId());
            }
            lines.append(Json.GSON.toJson(c)).append('\n');
        }
        StringBuilder strata = new StringBuilder();
        result.strata().forEach((stratum, n) -> strata.append(strata.length() == 0 ? "" : ",")
                .append(URLEncoder.encode(stratum, StandardCharsets.UTF_8)).append('=').append(n));
        response.getHeaders().put("X-Casefile-Export-Strata", strata.toString());
        response.getHeaders().put("Content-Disposition", "attachment; filename=\"casefile-labels.jsonl\"");
        Reply.send(response, callback, 200, Reply.NDJSON, lines.toString().getBytes(StandardCharsets.UTF_8));
        return 200;
    }

    private static int ok(Response response, Callback callback, String servedBy, Object body) {
        if (servedBy != null) {
            response.getHeaders().put("X-Casefile-Served-By", servedBy);
        }
        Reply.json(response, callback, 200, body);
        return 200;
    }

    private static int asset(Response response, Callback callback, String name, String type) {
        response.getHeaders().put("Content-Security-Policy", PAGE_POLICY);
        Reply.send(response, callback, 200, type, Assets.read(name));
        return 200;
    }

    private static int loginPage(Response response, Callback callback, int status, String message) {
        String html = new String(Assets.read("login.html"), StandardCharsets.UTF_8).replace("{{message}}", message);
        response.getHeaders().put("Content-Security-Policy", LOGIN_POLICY);
        Reply.send(response, callback, status, Reply.HTML, html.getBytes(StandardCharsets.UTF_8));
        return status;
    }

    private static int fail(Response response, Callback callback, ApiException e) {
        Reply.error(response, callback, e);
        return e.status();
    }
}
