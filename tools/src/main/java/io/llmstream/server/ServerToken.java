package io.llmstream.server;

import io.llmstream.core.secrets.SecretPlaceholders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;

/**
 * The bearer token of the embed server and the batch API. It is read only from a secret placeholder
 * ({@code ${env:NAME}} or {@code ${file:/path}}): a token typed on the command line would show in
 * the process list and the shell's history, so a literal is refused.
 */
public final class ServerToken {
    private static final String BEARER = "Bearer ";

    private ServerToken() {}

    /**
     * Resolves {@code value}, which must be one whole placeholder.
     *
     * @param option the option as the user typed it, named in errors
     * @throws IllegalArgumentException for a literal, another provider, or a placeholder that cannot be resolved
     */
    public static String resolve(String option, String value, SecretPlaceholders secrets) {
        Matcher m = SecretPlaceholders.PLACEHOLDER.matcher(value.trim());
        if (!m.matches() || !(m.group(1).equals(SecretPlaceholders.ENV) || m.group(1).equals(SecretPlaceholders.FILE))) {
            throw new IllegalArgumentException(option + " takes a secret placeholder, '${env:NAME}' or '${file:/path/to/token}',"
                    + " not the token itself (a token on the command line shows in the process list and the shell history)");
        }
        String token = secrets.resolve(option, value.trim());
        if (token.isBlank()) {
            throw new IllegalArgumentException(option + ": " + value.trim() + " is empty; the token must not be empty");
        }
        return token;
    }

    /** Whether the {@code Authorization} header {@code header} (null when absent) carries {@code token}. */
    public static boolean accepts(String token, String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        // constant time, so the answer's timing does not tell how much of a guess was right
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }
}
