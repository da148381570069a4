package dev.casefile.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes it was not told to trust, and a generated record's
 * builder asks it to. This trusts Casefile's generated records (and only them) on top of whatever
 * the JVM already trusts. Every serde installs it; code that builds records before any serde exists
 * (a unit test, say) calls {@link #install()} itself.
 */
public final class TrustedRecords {

    private static final String GENERATED_PACKAGE = "dev.casefile.schema.";

    static {
        ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(before,
                type -> type.getName().startsWith(GENERATED_PACKAGE)));
    }

    private TrustedRecords() {
    }

    /** Installs the trust, once per JVM; calling it again does nothing. */
    public static void install() {
        // The static initialiser does the work, exactly once.
    }
}
