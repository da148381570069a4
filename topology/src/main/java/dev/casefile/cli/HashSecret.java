package dev.casefile.cli;

import dev.casefile.config.CasefileConfig;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The business-key hash secret per command. Emails are kept only as an HMAC under this secret
 * ({@code email_hash} on {@code linked-complaints} and in the console's index), so with the public
 * default anyone who can read that topic can hash a list of likely emails and see which match.
 * <ul>
 *   <li>{@code run} (real customers' data) refuses the public default: {@link #REFUSAL}.</li>
 *   <li>{@code demo} makes a random secret for each run unless one is given ({@link #withRandomUnlessGiven}):
 *       its data is generated, and nothing outlives the run that needs its hashes to match.</li>
 *   <li>{@code replay-dlq} re-publishes dead letters as they are, to the topics they came from; it hashes
 *       nothing (the running pipeline does, under its own secret), so it does not check.</li>
 *   <li>{@code export-labels} reads through a running console, which hashes under that instance's secret;
 *       it has no secret of its own.</li>
 * </ul>
 */
final class HashSecret {

    static final String ENV = "CASEFILE_BUSINESS_KEY_HASH_SECRET";

    static final String REFUSAL = "Refusing to start: " + CasefileConfig.BUSINESS_KEY_HASH_SECRET + " is the public default "
            + "(" + CasefileConfig.DEFAULT_HASH_SECRET + ", what it is when not set) or empty. Casefile never stores a customer's "
            + "email, only its keyed hash (email_hash on linked-complaints and in the console's index), and that hash "
            + "protects the email only while the key is secret: with the default, anyone who can read linked-complaints "
            + "could hash a list of likely emails and test them against email_hash. Set your own secret, the same on "
            + "every instance, and keep it (a new one stops old and new hashes from matching): the environment "
            + "variable " + ENV + " (e.g. export " + ENV + "=$(openssl rand -hex 32), in Kubernetes from a Secret), "
            + "or the flag --business-key-hash-secret, or " + CasefileConfig.BUSINESS_KEY_HASH_SECRET + "= in the "
            + "--config-file.";

    private HashSecret() {
    }

    /** {@code settings}, with a random secret (32 bytes from SecureRandom, in hex) unless they give one. */
    static Map<String, String> withRandomUnlessGiven(Map<String, String> settings) {
        Map<String, String> withSecret = new HashMap<>(settings);
        if (withSecret.getOrDefault(CasefileConfig.BUSINESS_KEY_HASH_SECRET, "").isBlank()) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            withSecret.put(CasefileConfig.BUSINESS_KEY_HASH_SECRET, HexFormat.of().formatHex(secret));
        }
        return withSecret;
    }
}
