package dev.flemme4j.cli;

import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.StatusTable;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.job.JobState;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show jobs' latest states.",
        description = {"Show jobs' latest states from the job-state topic.",
                "Without JOB_ID: a table (job, state, worker, step, loss, samples/s, ETA). With JOB_ID: that job's full",
                "state as JSON."})
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID", arity = "0..1", description = "a job id")
    String jobId;

    @Mixin
    KafkaClientOptions kafka;

    @Override
    public Integer call() {
        try (JobStateReader reader = new JobStateReader(kafka.clients())) {
            Map<String, JobState> all = reader.snapshot();
            if (jobId != null) {
                JobState s = all.get(jobId);
                if (s == null) {
                    System.err.println("unknown job " + jobId + " (" + all.size() + " jobs known)");
                    return 1;
                }
                System.out.println(Json.text(s));
                return 0;
            }
            if (all.isEmpty()) {
                System.out.println("no jobs yet");
            }
            System.out.println(StatusTable.HEADER);
            long now = System.currentTimeMillis();
            for (JobState s : all.values()) {
                System.out.println(StatusTable.row(s, now));
            }
            return 0;
        }
    }
}
