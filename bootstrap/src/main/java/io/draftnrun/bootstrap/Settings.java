package io.draftnrun.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Configuration by name, with the reference system's variable names: environment variables first, then
 * {@code credentials.env} in the working directory (dotenv format), then values supplied by the process itself (the
 * embedded infrastructure of {@code dev}). Typed getters fail with a {@link ConfigException} naming the variable;
 * values of secret-looking names never appear in messages or dumps.
 */
public final class Settings {
    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL).*");
    private static final Pattern DOTENV_LINE =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$");

    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final Map<String, String> overrides = new HashMap<>();

    public Settings(Map<String, String> environment, Map<String, String> file) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
    }

    /** The process environment plus {@code credentials.env} of {@code workingDirectory} when present. */
    public static Settings load(Path workingDirectory) {
        return new Settings(System.getenv(), readDotenv(workingDirectory.resolve("credentials.env")));
    }

    static Map<String, String> readDotenv(Path path) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(path)) {
            return values;
        }
        try {
            int number = 0;
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                var m = DOTENV_LINE.matcher(line);
                if (!m.matches()) {
                    throw new ConfigException(path.getFileName() + " line " + number + " is not NAME=value");
                }
                values.put(m.group(1), unquote(m.group(2)));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + path + ": " + e.getMessage());
        }
        return values;
    }

    private static String unquote(String raw) {
        if (raw.length() >= 2
                && ((raw.startsWith("\"") && raw.endsWith("\"")) || (raw.startsWith("'") && raw.endsWith("'")))) {
            String inner = raw.substring(1, raw.length() - 1);
            return raw.startsWith("\"") ? inner.replace("\\n", "\n").replace("\\\"", "\"") : inner;
        }
        int comment = raw.indexOf(" #");
        return comment >= 0 ? raw.substring(0, comment).trim() : raw;
    }

    /** Sets a value the process decided (e.g. the embedded database URL); explicit configuration still wins. */
    public void supply(String name, String value) {
        overrides.put(name, value);
    }

    /** The value if set and not blank. */
    public Optional<String> get(String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            value = file.get(name);
        }
        if (value == null || value.isBlank()) {
            value = overrides.get(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Whether the user configured the value (environment or file), as opposed to a supplied default. */
    public boolean isConfigured(String name) {
        String env = environment.get(name);
        String fromFile = file.get(name);
        return (env != null && !env.isBlank()) || (fromFile != null && !fromFile.isBlank());
    }

    public String string(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    public String required(String name, String why) {
        return get(name).orElseThrow(() -> new ConfigException(name + " is required " + why));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false");
        };
    }

    /** An absolute http(s) URL, if set. */
    public Optional<URI> httpUrl(String name) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new ConfigException(name + " must be an http(s) URL with a host, like http://localhost:8000");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " is not a valid URL");
        }
    }

    /** Every known value with secrets masked, for diagnostics. */
    public Map<String, String> redactedView() {
        Map<String, String> view = new TreeMap<>();
        for (Map<String, String> source : new Map[] {overrides, file, environment}) {
            source.forEach((k, v) -> view.put(k, isSecret(k) ? "****" : v));
        }
        return view;
    }

    static boolean isSecret(String name) {
        return SECRET_NAME.matcher(name.toUpperCase()).matches()
                || name.toUpperCase().endsWith("_URL")
                || name.toUpperCase().endsWith("_HEADERS"); // OTEL_EXPORTER_OTLP_HEADERS carries credentials
    }

    @Override
    public String toString() {
        return "Settings[" + (environment.size() + file.size() + overrides.size()) + " values]";
    }
}
