package org.standstill.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message catalogs against the pages that use them: every key a page uses (in its HTML and in every module it
 * imports) is in every catalog that page must offer, translations keep the placeholders of the English message, and
 * no page carries user-visible text of its own.
 */
class MessageCatalogsTest {

    static final Path STATIC = Path.of("src/main/resources/static");

    /** Each page and the languages it must offer in full (the "at least"). */
    static final Map<String, List<String>> PAGES = Map.of(
            "report.html", List.of("en", "es", "so", "hmn"),
            "index.html", List.of("en", "es"),
            "plan.html", List.of("en", "es"),
            "audit.html", List.of("en", "es"),
            "national.html", List.of("en", "es"));

    static final Pattern I18N_ATTRIBUTE = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([^\"]+)\"");
    static final Pattern MODULE_SCRIPT = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"");
    static final Pattern IMPORT = Pattern.compile("(?:import|export)\\s[^;]*?from\\s+'([^']+)'|import\\s+'([^']+)'");
    static final Pattern STRING_LITERAL = Pattern.compile("'([a-z][A-Za-z]*(?:\\.[A-Za-z0-9_-]+)+)'");
    static final Pattern TEMPLATE_PREFIX = Pattern.compile("`([a-z][A-Za-z]*\\.(?:[A-Za-z0-9_-]+\\.)*)\\$\\{");

    final Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
    final Set<String> namespaces = new TreeSet<>();

    MessageCatalogsTest() {
        for (String language : List.of("en", "es", "so", "hmn")) {
            catalogs.put(language, catalog(language));
        }
        for (String key : catalogs.get("en").keySet()) {
            namespaces.add(key.substring(0, key.indexOf('.')));
        }
    }

    @Test
    void everyKeyAPageUses_isInEveryCatalogThatPageMustOffer() {
        List<String> missing = new ArrayList<>();
        PAGES.forEach((page, languages) -> {
            Usage usage = usage(page);
            assertThat(usage.keys).as("keys found in %s and its modules", page).isNotEmpty();
            for (String language : languages) {
                Map<String, String> catalog = catalogs.get(language);
                for (String key : usage.keys) {
                    if (!catalog.containsKey(key)) {
                        missing.add(language + ".json lacks \"" + key + "\" (used by " + page + ")");
                    }
                }
                for (String prefix : usage.prefixes) {
                    // A key built at run time (`enum.sector.${value}`): every English key of that family is needed.
                    List<String> family = catalogs.get("en").keySet().stream().filter(k -> k.startsWith(prefix)).toList();
                    if (family.isEmpty()) {
                        missing.add("en.json has no key starting \"" + prefix + "\" (built by " + page + ")");
                    }
                    for (String key : family) {
                        if (!catalog.containsKey(key)) {
                            missing.add(language + ".json lacks \"" + key + "\" (family " + prefix + "* built by " + page + ")");
                        }
                    }
                }
            }
        });
        assertThat(missing).as("missing messages").isEmpty();
    }

    @Test
    void everyCatalog_hasOnlyKeysOfTheEnglishOne_withTheSamePlaceholders() {
        Map<String, String> english = catalogs.get("en");
        List<String> problems = new ArrayList<>();
        catalogs.forEach((language, catalog) -> catalog.forEach((key, message) -> {
            if (!english.containsKey(key)) {
                problems.add(language + ": \"" + key + "\" is not in en.json");
                return;
            }
            try {
                Set<String> expected = arguments(english.get(key));
                Set<String> found = arguments(message);
                if (!expected.equals(found)) {
                    problems.add(language + ": \"" + key + "\" has placeholders " + found + ", English has " + expected);
                }
            } catch (IllegalArgumentException e) {
                problems.add(language + ": \"" + key + "\" does not parse: " + e.getMessage());
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCatalogDraftedWithoutANativeSpeaker_saysItNeedsReview() {
        for (String language : List.of("es", "so", "hmn")) {
            JsonNode meta = read(language).path("_meta");
            assertThat(meta.path("reviewed").asBoolean(true)).as("%s.json _meta.reviewed", language).isFalse();
            assertThat(meta.path("review").size()).as("%s.json _meta.review lists the keys to review", language)
                    .isEqualTo(catalogs.get(language).size());
        }
    }

    @Test
    void noPage_carriesUserVisibleTextOfItsOwn_andEveryPageOffersALanguageSwitch() {
        List<String> problems = new ArrayList<>();
        PAGES.forEach((page, languages) -> {
            String html = text(STATIC.resolve(page));
            String markup = html.replaceAll("(?s)<!--.*?-->", "")
                    .replaceAll("(?s)<script\\b[^>]*>.*?</script>", "<script></script>")
                    .replaceAll("(?s)<style\\b[^>]*>.*?</style>", "<style></style>");
            Matcher textNode = Pattern.compile(">([^<]*)<").matcher(markup);
            while (textNode.find()) {
                String words = textNode.group(1).replaceAll("&[a-z]+;|&#\\d+;", " ").trim();
                if (words.codePoints().anyMatch(Character::isLetter)) {
                    problems.add(page + ": text \"" + words + "\" is not from a catalog (use data-i18n)");
                }
            }
            Matcher attribute = Pattern.compile("\\s(aria-label|title|placeholder|alt)=\"([^\"]*)\"").matcher(markup);
            while (attribute.find()) {
                if (attribute.group(2).codePoints().anyMatch(Character::isLetter)) {
                    problems.add(page + ": " + attribute.group(1) + "=\"" + attribute.group(2)
                            + "\" is not from a catalog (use data-i18n-" + attribute.group(1) + ")");
                }
            }
            Matcher offered = Pattern.compile("<html[^>]*data-languages=\"([^\"]*)\"").matcher(html);
            if (!offered.find() || !List.of(offered.group(1).split("\\s+")).containsAll(languages)) {
                problems.add(page + ": <html data-languages> must offer " + languages);
            }
            if (!html.contains("data-language-switch")) {
                problems.add(page + ": no [data-language-switch] for the language menu");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theReporterPagesServiceWorker_keepsEveryCatalogOfThePage() {
        String worker = text(STATIC.resolve("report-sw.js"));
        for (String language : PAGES.get("report.html")) {
            assertThat(worker).as("report-sw.js keeps i18n/%s.json for opening the page offline", language)
                    .contains("'i18n/" + language + ".json'");
        }
        for (String module : usage("report.html").modules) {
            assertThat(worker).as("report-sw.js keeps %s", module).contains("'" + module + "'");
        }
    }

    // --- what a page uses ----------------------------------------------------------------------------------

    record Usage(Set<String> keys, Set<String> prefixes, Set<String> modules) {
    }

    Usage usage(String page) {
        String html = text(STATIC.resolve(page));
        Set<String> keys = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        Matcher attribute = I18N_ATTRIBUTE.matcher(html);
        while (attribute.find()) {
            keys.add(attribute.group(1));
        }
        Set<String> modules = new LinkedHashSet<>();
        Deque<Path> toRead = new ArrayDeque<>();
        Matcher script = MODULE_SCRIPT.matcher(html);
        while (script.find()) {
            toRead.add(STATIC.resolve(script.group(1)).normalize());
        }
        while (!toRead.isEmpty()) {
            Path module = toRead.pop();
            if (!modules.add(STATIC.relativize(module).toString().replace('\\', '/'))) {
                continue;
            }
            String source = text(module);
            Matcher imported = IMPORT.matcher(source);
            while (imported.find()) {
                String target = imported.group(1) != null ? imported.group(1) : imported.group(2);
                if (target.startsWith(".")) {
                    toRead.add(module.getParent().resolve(target).normalize());
                }
            }
            String code = source.replaceAll("(?m)^\\s*(//|\\*|/\\*\\*).*$", "");
            Matcher literal = STRING_LITERAL.matcher(code);
            while (literal.find()) {
                String key = literal.group(1);
                if (namespaces.contains(key.substring(0, key.indexOf('.'))) && !key.endsWith(".js") && !key.endsWith(".json")) {
                    keys.add(key);
                }
            }
            Matcher template = TEMPLATE_PREFIX.matcher(code);
            while (template.find()) {
                String prefix = template.group(1);
                if (namespaces.contains(prefix.substring(0, prefix.indexOf('.')))) {
                    prefixes.add(prefix);
                }
            }
        }
        return new Usage(keys, prefixes, modules);
    }

    // --- ICU-like messages: the argument names, as js/i18n.js parses them -----------------------------------

    static Set<String> arguments(String message) {
        Set<String> names = new TreeSet<>();
        int end = arguments(message, 0, names, false);
        if (end != message.length()) {
            throw new IllegalArgumentException("unbalanced '}' at " + end);
        }
        return names;
    }

    /** Reads text and arguments from {@code i} up to an unmatched '}' (or the end); answers where it stopped. */
    private static int arguments(String message, int i, Set<String> names, boolean nested) {
        while (i < message.length()) {
            char c = message.charAt(i);
            if (c == '}') {
                if (!nested) {
                    return i;
                }
                return i;
            }
            if (c != '{') {
                i++;
                continue;
            }
            int close = indexOfAny(message, i + 1, ",}");
            String name = message.substring(i + 1, close).trim();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("bad argument name \"" + name + "\"");
            }
            names.add(name);
            i = close;
            if (message.charAt(i) == '}') {
                i++;
                continue;
            }
            int typeEnd = indexOfAny(message, i + 1, ",}");
            String type = message.substring(i + 1, typeEnd).trim();
            i = typeEnd;
            if (message.charAt(i) == '}') {
                if (!type.equals("number")) {
                    throw new IllegalArgumentException("unknown type \"" + type + "\"");
                }
                i++;
                continue;
            }
            if (!type.equals("plural") && !type.equals("select")) {
                throw new IllegalArgumentException("unknown type \"" + type + "\"");
            }
            i++;
            boolean other = false;
            while (true) {
                int open = indexOfAny(message, i, "{}");
                String selector = message.substring(i, open).trim();
                if (message.charAt(open) == '}') {
                    i = open + 1;
                    break;
                }
                other |= selector.equals("other");
                int optionEnd = arguments(message, open + 1, names, true);
                if (optionEnd >= message.length()) {
                    throw new IllegalArgumentException("unclosed option \"" + selector + "\"");
                }
                i = optionEnd + 1;
            }
            if (!other) {
                throw new IllegalArgumentException("\"" + name + "\" has no \"other\" option");
            }
        }
        if (nested) {
            throw new IllegalArgumentException("unclosed '{'");
        }
        return i;
    }

    private static int indexOfAny(String text, int from, String characters) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed '{'");
    }

    // --- files -----------------------------------------------------------------------------------------------

    static JsonNode read(String language) {
        return JsonMapper.builder().build().readTree(text(STATIC.resolve("i18n").resolve(language + ".json")));
    }

    static Map<String, String> catalog(String language) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : read(language).properties()) {
            if (!entry.getKey().startsWith("_")) {
                assertThat(entry.getValue().isString()).as("%s.json: %s is a string", language, entry.getKey()).isTrue();
                messages.put(entry.getKey(), entry.getValue().asString());
            }
        }
        return messages;
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
