package io.llmstream.flinkbase;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.deployment.application.ApplicationClusterEntryPoint;
import org.apache.flink.client.program.DefaultPackagedProgramRetriever;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.entrypoint.ClusterEntrypoint;
import org.apache.flink.runtime.entrypoint.ClusterEntrypointUtils;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.resourcemanager.StandaloneResourceManagerFactory;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.runtime.util.JvmShutdownSafeguard;
import org.apache.flink.runtime.util.SignalHandler;

/**
 * Application-mode JobManager of the local Flink stand-in image: runs the job found in
 * {@code $FLINK_HOME/usrlib}, as the official image's {@code standalone-job} command does. Flink's
 * own entry point for this lives in {@code flink-container}, which is not published to Maven
 * Central for Flink 2.x, so the stand-in carries this small equivalent.
 *
 * <p>Arguments, as for the official command: {@code --configDir DIR}, {@code -D key=value},
 * {@code --job-classname|-j CLASS}, {@code --job-id|-jid ID}, {@code --fromSavepoint|-s PATH},
 * {@code --allowNonRestoredState|-n}; the first other argument and all after it go to the job.
 */
public final class StandaloneApplicationEntryPoint extends ApplicationClusterEntryPoint {

    private StandaloneApplicationEntryPoint(Configuration configuration, PackagedProgram program) {
        super(configuration, program, StandaloneResourceManagerFactory.getInstance());
    }

    public static void main(String[] args) {
        EnvironmentInformation.logEnvironmentInfo(LOG, StandaloneApplicationEntryPoint.class.getSimpleName(), args);
        SignalHandler.register(LOG);
        JvmShutdownSafeguard.installAsShutdownHook(LOG);

        Arguments parsed = Arguments.parse(args);
        Configuration configuration = GlobalConfiguration.loadConfiguration(parsed.configDir,
                Configuration.fromMap(parsed.dynamicProperties));
        if (parsed.jobId != null) {
            configuration.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, parsed.jobId);
        }
        if (parsed.savepoint != null) {
            SavepointRestoreSettings.toConfiguration(
                    SavepointRestoreSettings.forPath(parsed.savepoint, parsed.allowNonRestoredState), configuration);
        }
        PackagedProgram program = null;
        try {
            FileSystem.initialize(configuration, PluginUtils.createPluginManagerFromRootFolder(configuration));
            File userLib = ClusterEntrypointUtils.tryFindUserLibDirectory()
                    .orElseThrow(() -> new IllegalStateException("no usrlib directory next to FLINK_LIB_DIR"));
            program = DefaultPackagedProgramRetriever.create(userLib, parsed.jobClassName,
                    parsed.programArguments.toArray(String[]::new), configuration).getPackagedProgram();
            configureExecution(configuration, program);
        } catch (Exception e) {
            LOG.error("Could not create the application program from the usrlib directory.", e);
            System.exit(STARTUP_FAILURE_RETURN_CODE);
        }
        ClusterEntrypoint.runClusterEntrypoint(new StandaloneApplicationEntryPoint(configuration, program));
    }

    @Override
    protected boolean supportsReactiveMode() {
        return true;
    }

    /** The command line, split into cluster options and the job's own arguments. */
    private static final class Arguments {
        String configDir;
        final Map<String, String> dynamicProperties = new LinkedHashMap<>();
        String jobClassName;
        String jobId;
        String savepoint;
        boolean allowNonRestoredState;
        final List<String> programArguments = new ArrayList<>();

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            int i = 0;
            while (i < args.length) {
                String arg = args[i];
                switch (arg) {
                    case "--configDir", "-c" -> a.configDir = value(args, ++i, arg);
                    case "--job-classname", "-j" -> a.jobClassName = value(args, ++i, arg);
                    case "--job-id", "-jid" -> a.jobId = value(args, ++i, arg);
                    case "--fromSavepoint", "-s" -> a.savepoint = value(args, ++i, arg);
                    case "--allowNonRestoredState", "-n" -> a.allowNonRestoredState = true;
                    case "-D" -> a.dynamic(value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("-D") && arg.length() > 2) {
                            a.dynamic(arg.substring(2));
                        } else {
                            a.programArguments.addAll(List.of(args).subList(i, args.length));
                            i = args.length;
                        }
                    }
                }
                i++;
            }
            if (a.configDir == null) {
                throw new IllegalArgumentException("--configDir is required");
            }
            return a;
        }

        private void dynamic(String keyValue) {
            int eq = keyValue.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-D expects key=value, got '" + keyValue + "'");
            }
            dynamicProperties.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }
}
