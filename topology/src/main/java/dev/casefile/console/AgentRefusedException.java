package dev.casefile.console;

/**
 * A request named an agent, but the console does not believe it: a JWT that failed verification,
 * or a trusted proxy's header with an unusable value. The message is safe to show and to log: it
 * never carries the token, a claim or a header value (those are personal data), and no cause is
 * kept, because the verifier's own messages quote claims.
 */
final class AgentRefusedException extends RuntimeException {

    AgentRefusedException(String message) {
        super(message, null, false, false);
    }
}
