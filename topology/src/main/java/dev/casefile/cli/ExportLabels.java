package dev.casefile.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code casefile export-labels}: writes complaint-linked cases as JSON Lines, read through a running
 * console's {@code /api/export}, so it works against any Casefile cluster the console can see.
 *
 * <pre>
 * casefile export-labels --console http://127.0.0.1:8470 --out labels.jsonl \
 *     --from 2026-05-01T00:00:00Z --to 2026-06-01T00:00:00Z --status LINKED \
 *     --sample 200 --stratify-by doc_version --seed 7
 * </pre>
 * The token comes from {@code --token} or the {@code CASEFILE_CONSOLE_TOKEN} environment variable.
 */
final class ExportLabels {

    static final String USAGE = """
            Usage: casefile export-labels --out FILE [--console URL] [--token T] [filters] [sampling]
              --console URL        a Casefile console (default http://127.0.0.1:8470)
              --token T            its token (default: $CASEFILE_CONSOLE_TOKEN)
              --out FILE           where the JSON Lines go (- for standard output)
            Filters (all optional, all must hold):
              --from ISO --to ISO  first reported in [from, to)
              --label L            has label L
              --tag key=value      has that evidence tag, e.g. doc_version=v17
              --status S           LINKED, AWAITING_TRACE, AMBIGUOUS or UNRESOLVED
              --q TEXT             what the console's search box finds for TEXT
            Sampling:
              --sample N           N cases instead of all
              --stratify-by KEY    strata by the value of evidence tag KEY
              --allocation A       proportional (default) or equal
              --seed S             the same seed gives the same sample (default 1)
            """;

    /** Flag → query parameter of /api/export. */
    private static final Map<String, String> FILTERS = Map.of("--from", "from", "--to", "to", "--label", "label",
            "--tag", "tag", "--status", "status", "--q", "q", "--sample", "sample", "--stratify-by", "stratify_by",
            "--allocation", "allocation", "--seed", "seed");

    private ExportLabels() {
    }

    /** Runs the export; returns the exit code (0 written, 1 the console refused, 2 usage). */
    static int run(List<String> args, Map<String, String> env, PrintStream out) throws InterruptedException {
        String console = "http://127.0.0.1:8470";
        String token = env.get("CASEFILE_CONSOLE_TOKEN");
        String file = null;
        Map<String, String> query = new LinkedHashMap<>();
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        for (int i = 0; i < args.size(); i += 2) {
            String flag = args.get(i);
            if (i + 1 >= args.size()) {
                out.print(flag + " needs a value.\n\n" + USAGE);
                return 2;
            }
            String value = args.get(i + 1);
            switch (flag) {
                case "--console" -> console = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                case "--token" -> token = value;
                case "--out" -> file = value;
                default -> {
                    if (!FILTERS.containsKey(flag)) {
                        out.print("Unknown option '" + flag + "'.\n\n" + USAGE);
                        return 2;
                    }
                    query.put(FILTERS.get(flag), value);
                }
            }
        }
        if (file == null || token == null || token.isEmpty()) {
            out.print((file == null ? "--out is required." : "A console token is required (--token or CASEFILE_CONSOLE_TOKEN).")
                    + "\n\n" + USAGE);
            return 2;
        }
        StringBuilder uri = new StringBuilder(console).append("/api/export");
        query.forEach((k, v) -> uri.append(uri.indexOf("?") < 0 ? '?' : '&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        try {
            return fetch(URI.create(uri.toString()), token, file, out);
        } catch (IOException | IllegalArgumentException e) {
            out.println("Could not export from " + console + ": " + e.getMessage());
            return 1;
        }
    }

    private static int fetch(URI uri, String token, String file, PrintStream out) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token).GET().build();
        Path target = file.equals("-") ? null : Path.of(file);
        Path partial = target == null ? Files.createTempFile("casefile-labels", ".jsonl")
                : Files.createTempFile(target.toAbsolutePath().getParent(), ".casefile-labels", ".part");
        try {
            HttpResponse<Path> response = client.send(request,
                    HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                out.println("The console answered " + response.statusCode() + ": " + Files.readString(partial).strip());
                return 1;
            }
            long cases;
            try (var lines = Files.lines(partial)) {
                cases = lines.count();
            }
            if (target == null) {
                Files.copy(partial, out);
            } else {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            String strata = response.headers().firstValue("X-Casefile-Export-Strata").orElse("");
            (target == null ? System.err : out).println("Wrote " + cases + " cases" + (target == null ? "" : " to " + target)
                    + (strata.isEmpty() ? "" : " (" + readable(strata) + ")"));
            return 0;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String readable(String strata) {
        StringBuilder text = new StringBuilder();
        for (String entry : strata.split(",")) {
            int eq = entry.lastIndexOf('=');
            text.append(text.length() == 0 ? "" : ", ")
                    .append(URLDecoder.decode(entry.substring(0, eq), StandardCharsets.UTF_8)).append(": ")
                    .append(entry.substring(eq + 1));
        }
        return text.toString();
    }
}
