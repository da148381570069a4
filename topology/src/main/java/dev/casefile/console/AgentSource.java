package dev.casefile.console;

/** How the console learnt who an agent is. */
public enum AgentSource {
    /** A JWT / OIDC ID token verified against the issuer's JWKS. */
    OIDC,
    /** A header set by a proxy on the console's allow-list. */
    PROXY,
    /** The shared console token (a bearer header or a sign-in cookie). */
    TOKEN
}
