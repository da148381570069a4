package dev.casefile.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.app.CasefileApp;
import dev.casefile.config.ConsoleConfig;
import dev.casefile.demo.DemoTraffic;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.testing.ConsoleCasefile;
import dev.casefile.testing.ConsoleClient;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.GenAiForms;
import dev.casefile.testing.AuditRecords;
import dev.casefile.testing.TestIssuer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console page in real headless Chromium (Debian's, with its chromedriver; nothing is
 * downloaded): sign in, search cs_441, open the case file, see retrieve.policy_docs with
 * doc_version = v17 marked as the suspect, the user's question, the assistant's answer and the deep
 * link to the trace backend at the top, follow "similar traces"; an answer with markup shows as text.
 * Agents sign in with ID tokens from a test issuer (its keys made by the test, its JWKS served on
 * loopback): one limited to another workspace finds the worked example's complaint does not exist,
 * and the audit topic holds exactly the case files opened, each with its agent. Screenshots go to target/.
 */
@Tag("integration")
@Timeout(240)
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "console-screenshot.png");

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static CasefileApp app;
    private static Map<String, LinkedComplaint> expected;
    private static Path profile;
    private static TestIssuer issuer;
    private static final String AUDIENCE = "casefile-console";
    private static final String AGENT = "sam@support.example";
    private static final String OTHER_AGENT = "kim@support.example";

    @BeforeAll
    static void start() throws InterruptedException, IOException {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the build installs chromium and chromium-driver (.ci/ensure-chromium.sh, pre-integration-test)");
        issuer = new TestIssuer();
        app = ConsoleCasefile.start(kafka.bootstrapServers(), "console-browser-" + UUID.randomUUID(), Map.of(
                ConsoleConfig.CONSOLE_OIDC_ISSUER, issuer.issuer(),
                ConsoleConfig.CONSOLE_OIDC_JWKS_URL, issuer.jwksUrl().toString(),
                ConsoleConfig.CONSOLE_OIDC_AUDIENCE, AUDIENCE,
                ConsoleConfig.CONSOLE_OIDC_WORKSPACES_CLAIM, TestIssuer.WORKSPACES_CLAIM));
        app.awaitRunning(Duration.ofSeconds(60));
        ConsoleCasefile.publish(app, 150, 7);
        ConsoleCasefile.publishConversationForms(app, WorkedExample.SERVED_AT);
        expected = ConsoleCasefile.settledComplaints(app, Duration.ofSeconds(6), Duration.ofSeconds(120));
        ConsoleClient console = ConsoleCasefile.client(app);
        await().atMost(Duration.ofSeconds(60)).until(() -> ConsoleApiIT.caughtUp(console, expected));
        profile = Files.createTempDirectory("casefile-chromium-");
    }

    @AfterAll
    static void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void signIn(ChromeDriver browser, String token) {
        WebElement field = browser.findElement(By.id("token"));
        // An ID token is long: set it at once rather than typed key by key.
        browser.executeScript("arguments[0].value = arguments[1];", field, token);
        browser.findElement(By.id("sign-in")).click();
    }

    private static void signOut(ChromeDriver browser, WebDriverWait wait) {
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
    }

    /** The audit topic's records of opened case files, as {@code agent source route trace complaint workspace}. */
    private static List<String> caseFilesOpened() {
        return AuditRecords.read(app).stream().filter(a -> a.route().equals("/api/traces/{id}"))
                .map(a -> a.agent() + " " + a.source() + " " + a.route() + " " + a.traceId() + " " + a.complaintId() + " "
                        + a.workspaceId())
                .toList();
    }

    @Test
    void searchTicketOpenCaseFileSeeTheStaleRetrievalFollowSimilarTraces() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1300", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().window().setSize(new Dimension(1400, 1300));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            String url = app.console().orElseThrow().url();

            // An agent limited to another workspace: the worked example's complaint and case file do not exist for them.
            browser.get(url);
            signIn(browser, issuer.token(OTHER_AGENT, List.of("globex_us"), AUDIENCE));
            wait.until(ExpectedConditions.elementToBeClickable(By.id("q")));
            for (String path : List.of("api/complaints/" + ConsoleApiIT.WORKED, "api/traces/" + WorkedExample.OTLP_TRACE_ID)) {
                browser.get(url + path);
                assertTrue(browser.getPageSource().contains("\"status\":404"), path + ": " + browser.getPageSource());
                assertTrue(!browser.getPageSource().contains(WorkedExample.COMPLAINT_TEXT), path);
            }
            browser.get(url + "api/search?q=" + WorkedExample.TICKET);
            assertTrue(!browser.getPageSource().contains(ConsoleApiIT.WORKED), "the search finds nothing of another workspace");
            browser.get(url);
            signOut(browser, wait);

            // Without a sign-in the page is only the sign-in form; the agent of the worked example's workspace signs in.
            assertTrue(browser.findElements(By.id("q")).isEmpty(), "no console before signing in");
            signIn(browser, issuer.token(AGENT, List.of(WorkedExample.WORKSPACE), AUDIENCE));

            WebElement search = wait.until(ExpectedConditions.elementToBeClickable(By.id("q")));
            // The start page lists the open rollout alerts: the demo traffic's worse prompt version.
            WebElement alert = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#alerts article.alert[data-alert='prompt_version=" + DemoTraffic.ROLLOUT_PROMPT + "']")));
            assertTrue(alert.getText().contains("against"), alert.getText());
            assertEquals(1, browser.findElements(By.cssSelector("#alerts article.alert")).size());
            search.sendKeys(WorkedExample.TICKET);
            browser.findElement(By.cssSelector("#search button")).click();
            WebElement slip = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("article.slip[data-complaint='" + ConsoleApiIT.WORKED + "']")));
            assertTrue(slip.getText().contains(WorkedExample.COMPLAINT_TEXT), slip.getText());
            assertTrue(slip.getText().contains(WorkedExample.TICKET), slip.getText());
            assertTrue(browser.findElement(By.id("export")).getAttribute("href").endsWith("/api/export?q=" + WorkedExample.TICKET),
                    "the search page offers its complaints as a labeling set");

            slip.findElement(By.cssSelector("a.open-case")).click();
            WebElement retrieval = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#span-tree .row[data-span='retrieve.policy_docs']")));
            assertTrue(retrieval.getText().contains("doc_version = v17"), retrieval.getText());
            assertTrue(retrieval.getAttribute("class").contains("suspect"), "the stale retrieval is marked the suspect");
            String tree = browser.findElement(By.id("span-tree")).getText();
            for (String line : List.of("trace " + WorkedExample.TRACE_ALIAS, "├── retrieve.policy_docs", "├── tool.contract_lookup",
                    "├── llm.answer", "└── output.review", "prompt_version = refund-v3", "contract_type = annual")) {
                assertTrue(tree.contains(line), "the span tree shows " + line + ":\n" + tree);
            }
            assertTrue(browser.findElement(By.id("suspect")).getText().contains("retrieve.policy_docs"));
            // What the user asked and what the assistant said, at the top, and the trace in the team's own backend.
            assertEquals(WorkedExample.QUESTION, browser.findElement(By.id("user-input")).getText());
            String answer = browser.findElement(By.id("assistant-answer")).getText();
            assertTrue(answer.contains("annual contracts are refundable anytime"), answer);
            String tempo = ConsoleCasefile.TRACE_LINK.to(WorkedExample.OTLP_TRACE_ID).orElseThrow();
            assertEquals(tempo, browser.findElement(By.cssSelector("#view > p a.trace-link")).getAttribute("href"));
            assertEquals(tempo, browser.findElement(By.cssSelector("article.slip a.trace-link")).getAttribute("href"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#rate-chart svg polyline")));
            assertEquals(3, browser.findElements(By.cssSelector("#rate-chart svg polyline")).size(),
                    "one line per doc_version (v17, v18, v19)");
            Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));

            browser.findElement(By.cssSelector("a.similar-link[data-tag='doc_version=v17']")).click();
            WebElement count = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("similar-count")));
            long v17 = expected.values().stream().filter(c -> ConsoleApiIT.hasTag(c, "doc_version", "v17")).count();
            assertTrue(count.getText().startsWith(v17 + " complaints"), count.getText());
            // Counts are across workspaces (no complaint in them); the list is the newest 20, less those of workspaces
            // the agent may not see (its id is the second cell).
            List<String> newest = ConsoleApiIT.newestFirst(expected.values().stream()
                    .filter(c -> ConsoleApiIT.hasTag(c, "doc_version", "v17")).toList()).stream().limit(20).toList();
            List<String> visible = newest.stream()
                    .filter(id -> expected.get(id).getWorkspaceId().equals(WorkedExample.WORKSPACE)).toList();
            assertTrue(!visible.isEmpty() && visible.size() < newest.size(), "the demo's complaints span workspaces");
            List<String> listed = browser.findElements(By.cssSelector("#similar tbody tr")).stream()
                    .map(row -> row.findElements(By.tagName("td")).get(1).getText()).toList();
            assertEquals(visible, listed);
            Files.write(SCREENSHOT.resolveSibling("console-similar-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));
            assertTrue(Files.size(SCREENSHOT) > 10_000);

            // An answer with markup in it is shown as the text it is (a trace no complaint names: the shared token's view).
            signOut(browser, wait);
            signIn(browser, ConsoleCasefile.TOKEN);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("q")));
            String withMarkup = GenAiForms.all().stream().filter(f -> f.output().equals(GenAiForms.HTML_ANSWER)).findFirst()
                    .orElseThrow().traceId();
            browser.get(url + "#/trace/" + withMarkup);
            WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("assistant-answer")));
            assertEquals(GenAiForms.HTML_ANSWER, shown.getText());
            assertTrue(shown.findElements(By.cssSelector("b, img")).isEmpty(), "no markup became elements");

            // Who looked: the two case files opened, each once, by who opened it.
            String markupTrace = GenAiForms.all().stream().filter(f -> f.output().equals(GenAiForms.HTML_ANSWER)).findFirst()
                    .orElseThrow().traceId();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(
                    AGENT + " OIDC /api/traces/{id} " + WorkedExample.OTLP_TRACE_ID + " " + ConsoleApiIT.WORKED + " "
                            + WorkedExample.WORKSPACE,
                    "token TOKEN /api/traces/{id} " + markupTrace + " null null"), caseFilesOpened()));
        } catch (RuntimeException | AssertionError e) {
            // What the browser showed when it failed, with the test output.
            Files.write(SCREENSHOT.resolveSibling("console-failure.png"), browser.getScreenshotAs(OutputType.BYTES));
            Files.writeString(SCREENSHOT.resolveSibling("console-failure.html"), browser.getPageSource());
            throw e;
        } finally {
            browser.quit();
        }
    }
}
