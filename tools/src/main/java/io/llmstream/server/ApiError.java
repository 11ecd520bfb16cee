package io.llmstream.server;

/**
 * A request a server answers with an error instead of what it asked for, in OpenAI's shape:
 * {@code {"error": {"message", "type", "param", "code"}}} (written by {@link ApiResponses#error}).
 * Shared by the embed server and the batch API.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String SERVER_ERROR = "server_error";
    /** OpenAI's type for 429s. */
    public static final String RATE_LIMIT = "rate_limit_error";

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    private ApiError(int status, String type, String message, String param, String code) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** 400: the request is malformed or asks for something this server does not do. */
    public static ApiError badRequest(String message, String param, String code) {
        return new ApiError(400, INVALID_REQUEST, message, param, code);
    }

    /** 401: the token is missing or wrong. */
    public static ApiError unauthorized(String message) {
        return new ApiError(401, INVALID_REQUEST, message, null, "invalid_api_key");
    }

    static ApiError notFound(String path) {
        return new ApiError(404, INVALID_REQUEST, "no such path: " + path + "; the server answers POST /v1/embeddings,"
                + " GET /v1/models, GET /health and GET /metrics", null, "not_found");
    }

    public static ApiError methodNotAllowed(String method, String allowed) {
        return new ApiError(405, INVALID_REQUEST, method + " is not allowed here; use " + allowed, null, "method_not_allowed");
    }

    /** 413: the body is larger than {@code limit} bytes; {@code setBy} says what sets that limit. */
    public static ApiError tooLarge(long limit, String setBy) {
        return new ApiError(413, INVALID_REQUEST, "the request body is larger than the server's limit of " + limit
                + " bytes (" + setBy + ")", null, "payload_too_large");
    }

    /** A client error of any other status (404 for an unknown object, 409 for a state that does not allow it). */
    public static ApiError invalid(int status, String message, String param, String code) {
        return new ApiError(status, INVALID_REQUEST, message, param, code);
    }

    /** 429: the server has as many texts in flight as {@code --max-in-flight} allows; the client should retry later. */
    static ApiError busy(int inputs, int limit) {
        return new ApiError(429, RATE_LIMIT, "the server is busy: this request's " + inputs + " texts would pass its limit of " + limit
                + " texts in flight (--max-in-flight); retry after the Retry-After header's seconds", null, "rate_limit_exceeded");
    }

    /** 500 or 504: the model failed or did not answer in time; the request itself was fine. */
    public static ApiError server(int status, String message, String code) {
        return new ApiError(status, SERVER_ERROR, message, null, code);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** The request field at fault (e.g. {@code input[3]}), or null. */
    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
