package dev.flemme4j.cli;

import dev.flemme4j.cli.console.ConsoleLogging;
import dev.flemme4j.cli.console.LiveConsole;
import dev.flemme4j.cli.console.ProgressDisplay;
import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true,
        header = "Submit a Flemme training config as a job.",
        description = {"Submit a Flemme training config (YAML) as a job to the jobs topic.",
                "The coordinator validates it; a faulty file ends as REJECTED with the YAML",
                "path of the fault. Prints the job id on stdout. With --follow: one progress",
                "line with the time left on stderr, then the final state as JSON on stdout.",
                "The Kafka client's logs go to " + SubmitCommand.LOG_FILE + ", written afresh",
                "each run; errors also show on the console, --verbose shows every log line.",
                "Equivalent without flemme code: kcat -b HOST:PORT -P -t flemme.jobs JOB.yaml",
                ""})
final class SubmitCommand implements Callable<Integer> {
    static final String LOG_FILE = ".flemme/logs/submit.log";

    @Parameters(paramLabel = "JOB.yaml", description = "Flemme train config (mode: train) with an optional job: block")
    Path job;

    @Mixin
    KafkaClientOptions kafka;

    @Option(names = "--id", description = "job id to use (default: generated)")
    String id;

    @Option(names = {"-f", "--follow"}, description = "show progress until the job ends; exit code 0 only if COMPLETED")
    boolean follow;

    @Option(names = "--timeout", defaultValue = "PT2H", description = "how long --follow waits (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = {"-v", "--verbose"}, description = "show every log line on the console too (they go to " + LOG_FILE + " either way)")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(job)) {
            System.err.println("no such file: " + job);
            return 2;
        }
        String yaml = Files.readString(job, StandardCharsets.UTF_8);
        LiveConsole console = LiveConsole.onStderr();
        ConsoleLogging.toFile(Path.of(LOG_FILE), verbose, console);
        KafkaClients clients = kafka.clients();
        String jobId = JobSubmitter.submit(clients, yaml, id);
        System.out.println(jobId);
        if (!follow) {
            return 0;
        }
        ProgressDisplay display = new ProgressDisplay(console);
        try (JobStateReader reader = new JobStateReader(clients)) {
            JobState last = reader.follow(jobId, display, s -> s.state().isTerminal(), timeout);
            display.finish();
            if (last == null) {
                System.err.println("no state for job " + jobId + " within " + timeout + " - is a coordinator running?");
                return 1;
            }
            System.out.println(Json.text(last));
            return last.state() == JobStatus.COMPLETED ? 0 : 1;
        }
    }
}
