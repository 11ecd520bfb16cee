package io.llmstream.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of llm-stream, checked on the compiled main classes of every module (this module
 * depends on all of them):
 *
 * <ol>
 *   <li>the inference core ({@code io.llmstream.core}) stays usable without Flink, for benchmarks,
 *       the SQL provider and other runners. It uses none of Flink's classes except its typed
 *       configuration ({@code org.apache.flink.configuration}): settings are declared once as
 *       {@code ConfigOption}s with defaults and descriptions, next to the component that reads
 *       them, and that package is a small library with no runtime behind it. The core uses no
 *       other layer either;
 *   <li>the Flink adapters ({@code io.llmstream.flink}) use neither the job, nor the SQL model
 *       provider, nor the tools;
 *   <li>what runs on a cluster, the job ({@code io.llmstream.job}) and the SQL model provider
 *       ({@code io.llmstream.sql}), does not use the tools, so that the job jar is built from them
 *       alone.
 * </ol>
 */
class LayeringTest {
    private static final String CORE = "io.llmstream.core..";
    private static final String ADAPTERS = "io.llmstream.flink..";
    private static final String JOB = "io.llmstream.job..";
    private static final String SQL = "io.llmstream.sql..";
    /** The command line and what only it runs; they live in the tools module. */
    private static final String[] TOOLS = {"io.llmstream.cli..", "io.llmstream.local..", "io.llmstream.client..",
        "io.llmstream.cluster..", "io.llmstream.bench..", "io.llmstream.train..", "io.llmstream.server..",
        "io.llmstream.batchapi..", "io.llmstream.chart..", "io.llmstream.search.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // test jars of other modules, when they come from a repository rather than the reactor
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.llmstream");
    }

    @Test
    void theCoreUsesNoFlinkButItsConfigurationAndNoOtherLayer() {
        ArchRule rule = noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat(resideInAPackage("org.apache.flink..")
                        .and(not(resideInAPackage("org.apache.flink.configuration.."))))
                .orShould().dependOnClassesThat(resideInAnyPackage(ADAPTERS, JOB, SQL))
                .orShould().dependOnClassesThat(resideInAnyPackage(TOOLS))
                .because("the core runs without Flink; only typed options (org.apache.flink.configuration) are shared");
        rule.check(classes);
    }

    @Test
    void theFlinkAdaptersUseNeitherTheJobNorTheSqlProviderNorTheTools() {
        ArchRule rule = noClasses().that().resideInAPackage(ADAPTERS)
                .should().dependOnClassesThat(resideInAnyPackage(JOB, SQL))
                .orShould().dependOnClassesThat(resideInAnyPackage(TOOLS))
                .because("the adapters are the job's building blocks, not the other way round");
        rule.check(classes);
    }

    @Test
    void theJobAndTheSqlProviderDoNotUseTheTools() {
        ArchRule rule = noClasses().that().resideInAnyPackage(JOB, SQL)
                .should().dependOnClassesThat(resideInAnyPackage(TOOLS))
                .because("the job jar is built from the job and the SQL provider alone");
        rule.check(classes);
    }
}
