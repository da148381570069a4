package dev.casefile.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The released versions of a record's schema, kept as {@code history/<Name>/v1.avsc, v2.avsc, ...}
 * resources next to the generated classes, so that a decoder can read what older writers wrote.
 */
public final class SchemaHistory {

    private static final String ROOT = "/dev/casefile/schema/history/";

    private SchemaHistory() {
    }

    /** Every released version of the record named {@code simpleName}, oldest first; empty if none. */
    public static List<Schema> released(String simpleName) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            String resource = ROOT + simpleName + "/v" + v + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + resource, e);
            }
        }
    }
}
