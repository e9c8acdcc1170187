package io.captionflow.ingest.session;

/**
 * What a session's START event announces.
 *
 * @param language          BCP-47 tag (e.g. en, de) or null for the job's default
 * @param latencyMode       job latency mode (e.g. speedy, pause-based) or null for the job's default
 * @param sourceDescription free text for operators, e.g. "stdin", "file:talk.wav", "ws:room-a"
 */
public record SessionSettings(String language, String latencyMode, String sourceDescription) {

    private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");
    private static final java.util.regex.Pattern MODE = java.util.regex.Pattern.compile("[a-z][a-z-]{0,39}");

    public SessionSettings {
        language = blankToNull(language);
        latencyMode = blankToNull(latencyMode);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("invalid language '" + language + "': expected a BCP-47 tag such as en or pt-BR");
        }
        if (latencyMode != null && !MODE.matcher(latencyMode).matches()) {
            throw new IllegalArgumentException("invalid latency mode '" + latencyMode
                    + "': expected e.g. speedy, pause-based, low-latency");
        }
    }

    /** Same source, new language and mode (null keeps the current one). */
    public SessionSettings with(String newLanguage, String newMode) {
        return new SessionSettings(newLanguage != null ? newLanguage : language,
                newMode != null ? newMode : latencyMode, sourceDescription);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
