package dev.casefile.console;

/**
 * Every route the console answers, by template: logs and audit records name a route by its
 * template only, never by the path asked, whose ids and keys may be personal data.
 */
enum Route {
    PAGE("/", Access.PAGE),
    SCRIPT("/assets/app.js", Access.PAGE),
    STYLE("/assets/app.css", Access.PAGE),
    SIGN_IN("/session", Access.FORM),
    SIGN_OUT("/logout", Access.FORM),
    OPENAPI("/api/openapi.json", Access.AGENT),
    COMPLAINT("/api/complaints/{id}", Access.AGENT),
    COMPLAINTS("/api/complaints", Access.AGENT),
    CASE_FILE("/api/traces/{id}", Access.AGENT),
    SEARCH("/api/search", Access.AGENT),
    SIMILAR("/api/similar", Access.AGENT),
    RATES("/api/rates", Access.AGENT),
    ALERTS("/api/alerts", Access.AGENT),
    EXPORT("/api/export", Access.AGENT),
    INTERNAL_COMPLAINT("/internal/complaint", Access.INSTANCE),
    INTERNAL_PAGE("/internal/page", Access.INSTANCE),
    INTERNAL_COUNT("/internal/count", Access.INSTANCE),
    INTERNAL_TRACE("/internal/trace", Access.INSTANCE),
    INTERNAL_RATES("/internal/rates", Access.INSTANCE),
    INTERNAL_EXPORT("/internal/export", Access.INSTANCE),
    INTERNAL_ALERTS("/internal/alerts", Access.INSTANCE),
    UNKNOWN("(unknown)", Access.AGENT);

    /** Who may call a route, and how. */
    enum Access {
        /** The page and its assets: GET or HEAD; without a session, the sign-in page. */
        PAGE,
        /** The sign-in and sign-out forms: POST from the console's own origin only. */
        FORM,
        /** The API: GET or HEAD, by any identified agent. */
        AGENT,
        /** What instances ask each other: GET, with the shared token only. */
        INSTANCE
    }

    private static final String COMPLAINT_PREFIX = "/api/complaints/";
    private static final String TRACE_PREFIX = "/api/traces/";

    private final String template;
    private final Access access;

    Route(String template, Access access) {
        this.template = template;
        this.access = access;
    }

    String template() {
        return template;
    }

    Access access() {
        return access;
    }

    /** Whether a request with {@code method} may reach this route; the {@code Allow} header otherwise. */
    boolean allows(String method) {
        if (access == Access.FORM) {
            return method.equals("POST");
        }
        return method.equals("GET") || (method.equals("HEAD") && access != Access.INSTANCE);
    }

    String allowHeader() {
        return access == Access.FORM ? "POST" : access == Access.INSTANCE ? "GET" : "GET, HEAD";
    }

    /** The raw (still percent-encoded) id of a templated route's path. */
    String rawId(String rawPath) {
        return rawPath.substring(this == COMPLAINT ? COMPLAINT_PREFIX.length() : TRACE_PREFIX.length());
    }

    /** The route of a raw path; {@link #UNKNOWN} if none. */
    static Route of(String rawPath) {
        for (Route route : values()) {
            if (route != UNKNOWN && route != COMPLAINT && route != CASE_FILE && route.template.equals(rawPath)) {
                return route;
            }
        }
        if (rawPath.startsWith(COMPLAINT_PREFIX) && rawPath.length() > COMPLAINT_PREFIX.length()
                && rawPath.indexOf('/', COMPLAINT_PREFIX.length()) < 0) {
            return COMPLAINT;
        }
        if (rawPath.startsWith(TRACE_PREFIX) && rawPath.length() > TRACE_PREFIX.length()
                && rawPath.indexOf('/', TRACE_PREFIX.length()) < 0) {
            return CASE_FILE;
        }
        return UNKNOWN;
    }
}
