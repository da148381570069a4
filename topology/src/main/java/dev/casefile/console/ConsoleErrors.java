package dev.casefile.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty itself gives, to requests it cannot parse (a malformed URI or percent-encoding,
 * headers too large) or that fail before the console sees them: the console's JSON error shape with
 * its security headers, naming only the status. Jetty's reason text is not echoed, since it can
 * quote the request.
 */
final class ConsoleErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        Reply.send(response, callback, code, Reply.JSON, body(code));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Reply.JSON);
        Reply.secure(fields);
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int code) {
        String reason = HttpStatus.getMessage(code);
        String text = code == 400 ? "the request could not be read (malformed URI, percent-encoding or headers)" : reason;
        return Json.GSON.toJson(new Views.Error(code, text)).getBytes(StandardCharsets.UTF_8);
    }
}
