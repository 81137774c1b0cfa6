package dev.flemme4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root of the {@code flemme} command line; each role and tool is a subcommand. */
@Command(name = "flemme",
        mixinStandardHelpOptions = true,
        // every subcommand gets -h/--help and -V/--version without declaring them
        scope = ScopeType.INHERIT,
        versionProvider = FlemmeCommand.Version.class,
        header = "flemme4j: Flemme medical-image deep learning on the JVM, trained through Kafka.",
        description = {
            "Each role of the platform is a command; `flemme help COMMAND` or `flemme COMMAND --help` tells more.",
            ""
        },
        subcommands = {
            LocalCommand.class,
            SubmitCommand.class,
            StatusCommand.class,
            CancelCommand.class,
            WorkersCommand.class,
            InspectCommand.class,
            KeysCommand.class,
            CoordinatorRoleCommand.class,
            WorkerRoleCommand.class,
            ServingRoleCommand.class,
            InferCommand.class,
            KafkaCommand.class,
            DataCommand.class,
            KernelsCommand.class,
            DoctorCommand.class,
            HelpCommand.class
        })
public final class FlemmeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    /** The version the jar manifest records; "development build" when running from compiled classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FlemmeCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "flemme4j " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
