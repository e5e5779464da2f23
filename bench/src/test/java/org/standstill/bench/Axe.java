package org.standstill.bench;

import com.microsoft.playwright.Page;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * axe-core (from its WebJar on the test classpath) run in a page against the WCAG 2.0, 2.1 and 2.2 A and AA rules,
 * the 2.2 target-size rule included (axe leaves it off by default). A violation fails the test with every rule,
 * element and reason listed.
 */
final class Axe {

    private static final String SCRIPT = load();
    private static final String RUN = """
            async () => {
              const results = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
                rules: {'target-size': {enabled: true}},
                resultTypes: ['violations'],
              });
              return JSON.stringify(results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})));
            }""";

    private Axe() {
    }

    /** The violations axe finds in the page as it is now, one line per element; empty when there are none. */
    static List<String> violations(Page page) {
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            page.evaluate(SCRIPT); // evaluated, not a <script>: no content security policy stands in the way
        }
        JsonNode found = JsonMapper.builder().build().readTree((String) page.evaluate(RUN));
        List<String> lines = new ArrayList<>();
        for (JsonNode violation : found) {
            for (JsonNode node : violation.path("nodes")) {
                lines.add(violation.path("id").asString() + " (" + violation.path("impact").asString() + "): "
                        + violation.path("help").asString() + " — " + node.path("target").asString() + " — "
                        + node.path("summary").asString().replace('\n', ' '));
            }
        }
        return lines;
    }

    private static String load() {
        Properties pom = new Properties();
        String version;
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            pom.load(in);
            version = pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = resource("META-INF/resources/webjars/axe-core/" + version + "/axe.min.js")) {
            return "() => { " + new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Axe.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new AssertionError("axe-core is missing from the test classpath (" + name + "): the bench module's "
                    + "test dependency org.webjars.npm:axe-core provides it");
        }
        return in;
    }
}
