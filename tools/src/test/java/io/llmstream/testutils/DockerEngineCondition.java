package io.llmstream.testutils;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs the Testcontainers suite only where Testcontainers can use a Docker engine, and otherwise
 * skips it with a reason that says what is missing, printed to standard error and kept in the test
 * report, never silently. The engine is probed once per test JVM.
 */
public final class DockerEngineCondition implements ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DockerEngineCondition.class);
    private static final String SEE = "see README.md, section \"Tests against containers\"";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<?> problem = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("problem", key -> probe(), Optional.class);
        if (problem.isEmpty()) {
            return ConditionEvaluationResult.enabled("a Docker engine is reachable");
        }
        String reason = problem.get() + ": Testcontainers suite skipped; " + SEE;
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    /** What keeps Testcontainers from working here, if anything. */
    private static Optional<String> probe() {
        DockerClientFactory docker = DockerClientFactory.instance();
        String host;
        try {
            host = docker.getTransportConfig().getDockerHost().toString();
        } catch (RuntimeException e) {
            String dockerHost = System.getenv("DOCKER_HOST");
            return Optional.of("no Docker engine reachable (tried " + (dockerHost == null ? "" : "DOCKER_HOST=" + dockerHost + ", ")
                    + "the default socket unix:///var/run/docker.sock and Testcontainers' other strategies: " + e.getMessage() + ")");
        }
        try {
            docker.client();
            return Optional.empty();
        } catch (RuntimeException e) {
            // e.g. an engine without a bridge network, where the container host cannot be found, or
            // no registry to pull Testcontainers' own Ryuk image from
            return Optional.of("the Docker engine at " + host + " answers, but Testcontainers cannot use it (" + rootMessage(e)
                    + "); with an engine that has no bridge network or no registry, set TESTCONTAINERS_HOST_OVERRIDE=localhost"
                    + " and TESTCONTAINERS_RYUK_DISABLED=true, as .ci/run does");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return (root.getClass().getSimpleName() + ": " + root.getMessage()).replaceAll("\\s+", " ").strip();
    }
}
