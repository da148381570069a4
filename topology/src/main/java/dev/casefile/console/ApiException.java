package dev.casefile.console;

/** A request the console answers with an error status and a message safe to show (it never echoes the input). */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** The state is moving between instances (a rebalance): try again shortly. */
    static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }
}
