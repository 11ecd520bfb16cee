package io.llmstream.testutils;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class of the Testcontainers suite: it runs when Testcontainers can use a Docker
 * engine and is skipped, with the reason printed and reported, when it cannot
 * ({@link DockerEngineCondition}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(DockerEngineCondition.class)
public @interface RequiresDockerEngine {}
